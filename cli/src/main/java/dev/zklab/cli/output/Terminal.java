package dev.zklab.cli.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the CLI's output is written to: a terminal or not (a pipe, a file), whether colour is wanted, and how
 * wide the terminal is. Colour only on a terminal, never when {@code NO_COLOR} is set (https://no-color.org)
 * or {@code TERM} is {@code dumb}.
 */
public final class Terminal {

    /** Standard output and standard error, as file descriptors. */
    public enum Stream {
        OUT(1),
        ERR(2);

        final int fd;

        Stream(int fd) {
            this.fd = fd;
        }
    }

    private static final int FALLBACK_WIDTH = 100;

    private Terminal() {}

    /**
     * Whether that stream is a terminal. On Linux from what the descriptor points at (Java 17 can only tell
     * whether both standard input and output are); elsewhere from {@link System#console()}.
     */
    public static boolean isTerminal(Stream stream) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + stream.fd))
                    .toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null;
        }
    }

    /** Whether to colour what is written to that stream. */
    public static boolean colour(Stream stream) {
        String noColor = System.getenv("NO_COLOR");
        return (noColor == null || noColor.isEmpty()) && !"dumb".equals(System.getenv("TERM")) && isTerminal(stream);
    }

    /** The terminal's width in columns: {@code stty size} on the controlling terminal, else $COLUMNS, else 100. */
    public static int width() {
        try {
            Process stty = new ProcessBuilder(List.of("stty", "size"))
                    .redirectInput(new java.io.File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String size = new String(stty.getInputStream().readAllBytes()).trim();
            if (stty.waitFor(2, TimeUnit.SECONDS) && stty.exitValue() == 0 && size.matches("\\d+ \\d+")) {
                int columns = Integer.parseInt(size.substring(size.indexOf(' ') + 1));
                if (columns > 0) {
                    return columns;
                }
            }
        } catch (IOException e) {
            // no controlling terminal: fall through
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "").trim());
        } catch (NumberFormatException e) {
            return FALLBACK_WIDTH;
        }
    }
}
