package dev.zklab.members;

import dev.zklab.common.ensemble.EnsembleNames;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Asks a member one of ZooKeeper's four-letter words ({@code srvr}, {@code conf}, {@code mntr}, {@code ruok})
 * on its client port; the {@code current} profile whitelists those.
 */
public final class FourLetterWords {

    private FourLetterWords() {
    }

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
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (answer.isEmpty()) {
                throw new MemberUnreachableException(route.member() + " closed the connection without answering '"
                        + word + "'; is '" + word + "' in its 4lw.commands.whitelist?");
            }
            return answer;
        } catch (IOException e) {
            throw new MemberUnreachableException(route.member() + " did not answer '" + word + "' at " + route.address()
                    + " within " + timeout.toMillis() + " ms: " + e.getMessage(), e);
        }
    }
}
