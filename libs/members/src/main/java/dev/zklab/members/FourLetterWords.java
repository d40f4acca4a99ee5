package dev.zklab.members;

import dev.zklab.support.kubernetes.EnsembleNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Asks a member one of ZooKeeper's four-letter words ({@code srvr}, {@code conf}, {@code mntr}, {@code ruok})
 * on its client port; the {@code current} profile whitelists those.
 */
public final class FourLetterWords {

    static final Duration ANSWER_GAP = Duration.ofMillis(300);

    private FourLetterWords() {}

    /** The member's whole answer; fails with the member's name when it does not answer within the timeout. */
    public static String ask(MemberAccess access, int ordinal, String word, Duration timeout) {
        try (Route route = access.open(ordinal, EnsembleNames.CLIENT_PORT)) {
            return ask(route, word, timeout);
        }
    }

    public static String ask(Route route, String word, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(route.host(), route.port()), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.getOutputStream().write(word.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(readAnswer(socket, timeout), StandardCharsets.UTF_8);
            if (answer.isEmpty()) {
                throw new MemberUnreachableException(route.member() + " closed the connection without answering '"
                        + word + "'; is '" + word + "' in its 4lw.commands.whitelist?");
            }
            return answer;
        } catch (IOException e) {
            throw new MemberUnreachableException(
                    route.member() + " did not answer '" + word + "' at " + route.address() + " within "
                            + timeout.toMillis() + " ms: " + e.getMessage(),
                    e);
        }
    }

    /**
     * The server closes the connection after its answer, but a port-forward may not pass the close on:
     * once the answer has begun, a pause of {@link #ANSWER_GAP} ends it.
     */
    private static byte[] readAnswer(Socket socket, Duration timeout) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                if (answer.size() > 0) {
                    return answer.toByteArray();
                }
                throw e;
            }
            if (n < 0) {
                return answer.toByteArray();
            }
            answer.write(buffer, 0, n);
            socket.setSoTimeout((int) Math.min(ANSWER_GAP.toMillis(), timeout.toMillis()));
        }
    }
}
