package dev.zklab.clusters.local;

import dev.zklab.clusters.ExternalCommand;
import dev.zklab.support.wait.Deadline;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the {@code localkube/localkube} command of this repository: build, create, kubeconfig, delete —
 * for the provisioner's {@code local} clusters and for the tests' shared cluster alike.
 */
public final class LocalKube {

    /** System property naming the repository root; the build and {@code ./zklab up} set it, else it is searched upwards. */
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
        throw new LocalKubeException(
                "cannot find localkube/localkube above " + Path.of("").toAbsolutePath()
                        + "; run zklab from its repository or set -D" + ROOT_PROPERTY + "=<repository root>");
    }

    /** Builds the pinned components; a no-op when they are cached. */
    public void build() {
        run(Deadline.in(BUILD_TIMEOUT), System.err::println, "build");
    }

    /** Creates cluster {@code name} with {@code nodes} worker nodes and returns its kubeconfig. */
    public Path create(String name, int nodes) {
        return create(name, nodes, Deadline.in(COMMAND_TIMEOUT), System.err::println);
    }

    /** Creates cluster {@code name}, handing each progress line to {@code progress}; stopped at the deadline. */
    public Path create(String name, int nodes, Deadline deadline, Consumer<String> progress) {
        run(deadline, progress, "create", name, "--nodes", Integer.toString(nodes));
        return kubeconfig(name);
    }

    public Path kubeconfig(String name) {
        return Path.of(run(Deadline.in(COMMAND_TIMEOUT), System.err::println, "kubeconfig", name)
                .strip());
    }

    /**
     * The HTTP proxy into cluster {@code name}'s pod network ({@code localkube pod-proxy}): what reaches a pod's
     * address from this machine without dialling it (e.g. Prometheus' {@code proxy_url} for the members' metrics).
     */
    public URI podProxy(String name) {
        return URI.create(run(Deadline.in(COMMAND_TIMEOUT), System.err::println, "pod-proxy", name)
                .strip());
    }

    /** Deletes cluster {@code name}; deleting a missing cluster is fine. */
    public void delete(String name) {
        delete(name, Deadline.in(COMMAND_TIMEOUT), System.err::println);
    }

    public void delete(String name, Deadline deadline, Consumer<String> progress) {
        run(deadline, progress, "delete", name);
    }

    /** The {@code localkube} command itself. */
    public Path command() {
        return script;
    }

    /**
     * Runs the pinned kubectl on cluster {@code name} ({@code localkube kubectl}); returns what a terminal shows of
     * it — its standard output, then its error output (where, e.g., {@code zkCli.sh create} says {@code Created}) —
     * and fails with its errors.
     */
    public String kubectl(String name, String... args) {
        List<String> command = new ArrayList<>(List.of("kubectl", name));
        command.addAll(List.of(args));
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        String out = run(Deadline.in(COMMAND_TIMEOUT), errors::add, command.toArray(String[]::new));
        return errors.isEmpty()
                ? out
                : out + (out.endsWith("\n") || out.isEmpty() ? "" : "\n") + String.join("\n", List.copyOf(errors))
                        + "\n";
    }

    /** Names of the clusters that exist, as {@code localkube status} lists them. */
    public List<String> clusters() {
        List<String> names = new ArrayList<>();
        for (String line :
                run(Deadline.in(COMMAND_TIMEOUT), System.err::println, "status").split("\n")) {
            if (!line.isBlank()) {
                names.add(line.strip().split("\\s+")[0]);
            }
        }
        return names;
    }

    private String run(Deadline deadline, Consumer<String> progress, String... args) {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(List.of(args));
        try {
            return ExternalCommand.run(command, deadline, progress);
        } catch (ExternalCommand.CommandFailedException e) {
            throw new LocalKubeException(e.getMessage());
        }
    }
}
