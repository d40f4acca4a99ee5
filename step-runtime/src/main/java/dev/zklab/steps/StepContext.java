package dev.zklab.steps;

import dev.zklab.clusters.ClusterResolver;
import dev.zklab.common.events.StepRequested;
import dev.zklab.common.wait.Deadline;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * What a running step gets: its command, its deadline (which also knows whether the run was
 * cancelled: every wait of the step goes through it), a way to report progress, and its cluster.
 */
public final class StepContext {

    /** Time kept back from the step's timeout to report the outcome before the gateway gives up on it. */
    static final Duration MARGIN = Duration.ofSeconds(5);

    private final StepRequested command;
    private final Consumer<String> progress;
    private final ClusterResolver clusters;
    private final Deadline deadline;

    public StepContext(StepRequested command, Consumer<String> progress, BooleanSupplier cancelled,
            ClusterResolver clusters) {
        this.command = command;
        this.progress = progress;
        this.clusters = clusters;
        Duration timeout = Duration.ofSeconds(command.timeoutSeconds()).minus(MARGIN);
        this.deadline = Deadline.in(timeout.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : timeout, cancelled);
    }

    /** A new client for the run's cluster (the caller closes it), or an error that says how to fix the reference. */
    public KubernetesClient cluster() {
        return clusters.resolve(command.cluster());
    }

    public StepRequested command() {
        return command;
    }

    /** When the step must give up (its timeout, less a margin to report), and whether its run was cancelled. */
    public Deadline deadline() {
        return deadline;
    }

    /** Publishes a {@code StepProgress} event. */
    public void progress(String message) {
        progress.accept(message);
    }
}
