package dev.zklab.steps;

import dev.zklab.clusters.ClusterResolver;
import dev.zklab.contracts.events.StepRequested;
import dev.zklab.members.MemberAccess;
import dev.zklab.members.MemberAccesses;
import dev.zklab.support.kubernetes.EnsembleOwnership;
import dev.zklab.support.wait.Deadline;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * What a running step gets: its command, its deadline (which also knows whether the run was cancelled: every wait of
 * the step goes through it), a way to report progress, a client of the run's cluster for the step's length, and the
 * run's ensemble there (its namespace, its ownership checked, its members). The runtime closes it when the step ends.
 */
public final class StepContext implements AutoCloseable {

    /** Time kept back from the step's timeout to report the outcome before the gateway gives up on it. */
    static final Duration MARGIN = Duration.ofSeconds(5);

    private final StepRequested command;
    private final Consumer<String> progress;
    private final ClusterResolver clusters;
    private final MembersConfig members;
    private final Deadline deadline;
    private KubernetesClient client;

    public StepContext(
            StepRequested command,
            Consumer<String> progress,
            BooleanSupplier cancelled,
            ClusterResolver clusters,
            MembersConfig members) {
        this.command = command;
        this.progress = progress;
        this.clusters = clusters;
        this.members = members;
        Duration timeout = Duration.ofSeconds(command.timeoutSeconds()).minus(MARGIN);
        this.deadline =
                Deadline.in(timeout.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : timeout, cancelled);
    }

    /**
     * The client of the run's cluster, made on first use (a provisioning step asks once its cluster is up) and closed
     * when the step ends; or an error that says how to fix the reference.
     */
    public synchronized KubernetesClient cluster() {
        if (client == null) {
            client = clusters.resolve(command.cluster());
        }
        return client;
    }

    public StepRequested command() {
        return command;
    }

    /** The namespace of the run's ensemble, or an error that names the missing field. */
    public String namespace() {
        String namespace =
                command.ensemble() == null ? null : command.ensemble().namespace();
        if (namespace == null || namespace.isBlank()) {
            throw new IllegalArgumentException(
                    "the " + command.step() + " step needs the ensemble's namespace (ensemble.namespace)");
        }
        return namespace;
    }

    /**
     * The run's ensemble's namespace, once it is known to hold the run's ensemble: a step that disrupts an ensemble or
     * writes into it never does so to one zklab did not make, or to another run's (unless the spec takes over an ended
     * run's).
     */
    public String ownEnsemble() {
        String namespace = namespace();
        EnsembleOwnership.check(
                cluster(), namespace, command.runId(), command.ensemble().takesOver());
        return namespace;
    }

    /** How to reach the ZooKeeper members of the ensemble in {@code namespace}, as the service is configured to. */
    public MemberAccess members(String namespace) {
        return MemberAccesses.forEnsemble(cluster(), namespace, MemberAccesses.Mode.parse(members.access()));
    }

    /** When the step must give up (its timeout, less a margin to report), and whether its run was cancelled. */
    public Deadline deadline() {
        return deadline;
    }

    /** Publishes a {@code StepProgress} event. */
    public void progress(String message) {
        progress.accept(message);
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
