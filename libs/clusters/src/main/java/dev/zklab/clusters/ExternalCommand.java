package dev.zklab.clusters;

import dev.zklab.support.wait.Deadline;
import dev.zklab.support.wait.Poll;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a command-line tool zklab drives (localkube, kind): its output is returned, each line of its
 * error output handed to a listener as it comes (progress), and it is stopped — with everything it
 * started — when the deadline passes or the run is cancelled. A failure names the command, its exit
 * code and the last lines it printed.
 */
public final class ExternalCommand {

    private static final int TAIL = 8;

    private ExternalCommand() {}

    /** Runs {@code command} until it ends; returns its standard output. */
    public static String run(List<String> command, Deadline deadline, Consumer<String> errorLines) {
        String shown = String.join(" ", command);
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new CannotStartException(
                    "cannot run " + shown + ": " + e.getMessage() + "; install it or configure its path", e);
        }
        Deque<String> tail = new ArrayDeque<>();
        // A thread of its own for each stream: reads block until the tool writes, and a pool's threads are not for
        // that.
        CompletableFuture<String> out = reader(() -> read(process, false, line -> {}, null), shown);
        CompletableFuture<String> err = reader(() -> read(process, true, errorLines, tail), shown);
        try {
            deadline.until(
                    shown + " to finish",
                    Duration.ofMillis(100),
                    () -> process.isAlive() ? Poll.pending("still running") : Poll.done(true));
        } catch (RuntimeException e) {
            stop(process);
            throw e;
        }
        String stdout = out.join();
        err.join();
        if (process.exitValue() != 0) {
            String last;
            synchronized (tail) {
                last = String.join("\n", tail);
            }
            throw new CommandFailedException(
                    shown + " failed with exit code " + process.exitValue() + (last.isBlank() ? "" : ": " + last),
                    null);
        }
        return stdout;
    }

    private static CompletableFuture<String> reader(Supplier<String> read, String command) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread thread = new Thread(() -> text.complete(read.get()), "output of " + command);
        thread.setDaemon(true);
        thread.start();
        return text;
    }

    private static String read(Process process, boolean error, Consumer<String> lines, Deque<String> tail) {
        StringBuilder text = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                error ? process.getErrorStream() : process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                text.append(line).append('\n');
                lines.accept(line);
                if (tail != null) {
                    synchronized (tail) {
                        tail.addLast(line);
                        if (tail.size() > TAIL) {
                            tail.removeFirst();
                        }
                    }
                }
            }
        } catch (IOException e) {
            // the process was stopped; what was read is all there is
        }
        return text.toString();
    }

    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** The command could not be run, or ended with a non-zero exit code. */
    public static class CommandFailedException extends RuntimeException {
        public CommandFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The command could not be started at all: it is not installed, or not where zklab was told. */
    public static class CannotStartException extends CommandFailedException {
        public CannotStartException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
