package dev.zklab.localkube;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code localkube/localkube} command of this repository: build, create, kubeconfig, delete.
 */
public final class LocalKube {

    /** System property naming the repository root; the build sets it, else it is searched upwards. */
    public static final String ROOT_PROPERTY = "zklab.root";

    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(60);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);

    private final Path script;

    public LocalKube(Path script) {
        this.script = script;
    }

    /** The {@code localkube} command of the repository this code runs in. */
    public static LocalKube ofRepository() {
        return new LocalKube(repositoryRoot().resolve("localkube").resolve("localkube"));
    }

    static Path repositoryRoot() {
        String configured = System.getProperty(ROOT_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path root = Path.of(configured);
            if (Files.isExecutable(root.resolve("localkube/localkube"))) {
                return root;
            }
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("localkube/localkube"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find localkube/localkube above " + Path.of("").toAbsolutePath()
                + "; run the tests from the zklab repository or set -D" + ROOT_PROPERTY + "=<repository root>");
    }

    /** Builds the pinned components; a no-op when they are cached. */
    public void build() {
        run(BUILD_TIMEOUT, "build");
    }

    /** Creates cluster {@code name} with {@code nodes} worker nodes and returns its kubeconfig. */
    public Path create(String name, int nodes) {
        run(COMMAND_TIMEOUT, "create", name, "--nodes", Integer.toString(nodes));
        return kubeconfig(name);
    }

    public Path kubeconfig(String name) {
        return Path.of(run(COMMAND_TIMEOUT, "kubeconfig", name).strip());
    }

    /** Deletes cluster {@code name}; deleting a missing cluster is fine. */
    public void delete(String name) {
        run(COMMAND_TIMEOUT, "delete", name);
    }

    /** Names of the clusters that exist, as {@code localkube status} lists them. */
    public List<String> clusters() {
        List<String> names = new ArrayList<>();
        for (String line : run(COMMAND_TIMEOUT, "status").split("\n")) {
            if (!line.isBlank()) {
                names.add(line.strip().split("\\s+")[0]);
            }
        }
        return names;
    }

    /** Runs one subcommand; its stderr (progress) goes to this process's stderr, its stdout is returned. */
    private String run(Duration timeout, String... args) {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(List.of(args));
        Path out = null;
        try {
            out = Files.createTempFile("localkube-", ".out");
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new LocalKubeException(String.join(" ", command) + " did not finish within " + timeout);
            }
            if (process.exitValue() != 0) {
                throw new LocalKubeException(String.join(" ", command) + " failed with exit code "
                        + process.exitValue() + "; its error output above says why");
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalKubeException("interrupted while running " + String.join(" ", command));
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }
}
