package dev.zklab.system;

import dev.zklab.security.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The zklab CLI from its packaged jar, as ./zklab runs it: each command a process of its own, its exit code,
 * standard output and standard error kept apart — or, with {@link #underTerminal}, on a pseudo-terminal
 * ({@code script} from util-linux), where the CLI draws for people.
 */
final class PackagedCli {

    private static final long TIMEOUT_SECONDS = 120;

    /** What a command did. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }

    /** The CLI signs in as an operator, as ./zklab up's token makes the local user one. */
    static final Path OPERATOR_TOKEN = TestTokens.tokenFile(TestTokens.OPERATOR);

    private final String gateway;

    PackagedCli(String gateway) {
        this.gateway = gateway;
    }

    static Path jar() {
        Path jar = PackagedService.root().resolve("cli/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing; package the modules first (./mvnw package)");
        }
        return jar;
    }

    /** The java command line of the CLI with these arguments (the gateway's address from the environment). */
    static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx128m",
                "-jar",
                jar().toString()));
        command.addAll(args);
        return command;
    }

    /** Starts the command, its output and errors to files; the caller waits for it. */
    Process start(Path out, Path err, String... args) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command(List.of(args)))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().put("ZKLAB_GATEWAY", gateway);
            builder.environment().put("ZKLAB_TOKEN_FILE", OPERATOR_TOKEN.toString());
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the command to its end, output to pipes (not a terminal). */
    Result run(String... args) {
        return run(Map.of(), args);
    }

    /** Runs the command to its end with more environment, output to pipes. */
    Result run(Map<String, String> env, String... args) {
        try {
            Path out = Files.createTempFile("zklab-cli-", ".out");
            Path err = Files.createTempFile("zklab-cli-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command(List.of(args)))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().put("ZKLAB_GATEWAY", gateway);
            builder.environment().put("ZKLAB_TOKEN_FILE", OPERATOR_TOKEN.toString());
            builder.environment().putAll(env);
            return awaitResult(builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Result awaitResult(Process process, Path out, Path err) {
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(
                        "the CLI did not end within " + TIMEOUT_SECONDS + " s: " + Files.readString(err));
            }
            return new Result(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Starts the command on a pseudo-terminal of {@code columns} columns: {@code script} runs it and copies
     * everything it wrote, escape sequences included, to {@code transcript}; its exit code is the command's.
     */
    Process startUnderTerminal(Path transcript, int columns, Map<String, String> env, String... args) {
        String command = command(List.of(args)).stream().map(PackagedCli::quote).collect(Collectors.joining(" "));
        try {
            ProcessBuilder builder = new ProcessBuilder(List.of(
                            "script",
                            "--quiet",
                            "--flush",
                            "--return",
                            "--command",
                            "stty cols " + columns + " rows 50; exec " + command,
                            "/dev/null"))
                    .redirectOutput(transcript.toFile())
                    .redirectErrorStream(true);
            builder.environment().put("ZKLAB_GATEWAY", gateway);
            builder.environment().put("ZKLAB_TOKEN_FILE", OPERATOR_TOKEN.toString());
            builder.environment().put("TERM", "xterm");
            builder.environment().remove("NO_COLOR");
            builder.environment().putAll(env);
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the command on a pseudo-terminal to its end; its exit code and what the terminal received. */
    Result underTerminal(Map<String, String> env, String... args) {
        try {
            Path transcript = Files.createTempFile("zklab-cli-", ".tty");
            Process process = startUnderTerminal(transcript, 120, env, args);
            Path none = Files.createTempFile("zklab-cli-", ".none");
            return awaitResult(process, transcript, none);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quote(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
