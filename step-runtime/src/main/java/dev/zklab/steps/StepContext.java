package dev.zklab.steps;

import dev.zklab.common.cluster.ClusterResolver;
import dev.zklab.common.events.StepRequested;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** What a running step gets: its command, a way to report progress, and whether its run was cancelled. */
public final class StepContext {

    private final StepRequested command;
    private final Consumer<String> progress;
    private final BooleanSupplier cancelled;
    private final ClusterResolver clusters;

    public StepContext(StepRequested command, Consumer<String> progress, BooleanSupplier cancelled,
            ClusterResolver clusters) {
        this.command = command;
        this.progress = progress;
        this.cancelled = cancelled;
        this.clusters = clusters;
    }

    /** A new client for the run's cluster (the caller closes it), or an error that says how to fix the reference. */
    public KubernetesClient cluster() {
        return clusters.resolve(command.cluster());
    }

    public StepRequested command() {
        return command;
    }

    /** Publishes a {@code StepProgress} event. */
    public void progress(String message) {
        progress.accept(message);
    }

    /** True once the run was cancelled: a long step stops at its next safe point. */
    public boolean cancelled() {
        return cancelled.getAsBoolean();
    }
}
