package dev.zklab.gateway.orchestration;

import dev.zklab.contracts.api.RunChange;
import dev.zklab.contracts.api.RunUpdate;
import dev.zklab.contracts.api.RunView;
import dev.zklab.gateway.runs.RunProjection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Following a run until it ends, as two streams: its events (so far, then each new one) for machines, and its changes
 * (the whole run, then what each event changed) for a live view. What a stream starts with and the listener that
 * carries on are set up under the projection's lock, so nothing falls between them.
 */
@ApplicationScoped
public class RunFollowing {

    private final RunCoordinator coordinator;

    public RunFollowing(RunCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    /** The run's events so far, then each new one as it is applied, until the run ends; unknown runs throw at once. */
    public Multi<RunUpdate> events(String runId) {
        requireKnown(runId);
        return Multi.createFrom()
                .emitter(emitter -> coordinator.read(projection -> {
                    projection.history(runId).forEach(emitter::emit);
                    return follow(projection, runId, emitter, change -> emitter.emit(change.update()));
                }));
    }

    /** The run as it is, then after each event what changed (its fields and the steps it changed), until it ends. */
    public Multi<RunChange> changes(String runId) {
        requireKnown(runId);
        return Multi.createFrom()
                .emitter(emitter -> coordinator.read(projection -> {
                    AtomicReference<RunView> shown = new AtomicReference<>(
                            projection.view(runId).orElseThrow(() -> new UnknownRunException(runId)));
                    emitter.emit(RunChange.whole(shown.get()));
                    // In the listener the lock is held (the projection calls it as it applies), so the view is the
                    // event's.
                    return follow(projection, runId, emitter, change -> {
                        RunView now = projection.view(runId).orElseThrow();
                        emitter.emit(RunChange.between(shown.getAndSet(now), now));
                    });
                }));
    }

    private void requireKnown(String runId) {
        coordinator.view(runId).orElseThrow(() -> new UnknownRunException(runId));
    }

    /** Calls {@code each} with every change of the run until it has ended, then completes; nothing when it has ended already. */
    private static <T> Void follow(
            RunProjection projection,
            String runId,
            MultiEmitter<? super T> emitter,
            Consumer<RunProjection.Change> each) {
        if (projection
                .view(runId)
                .orElseThrow(() -> new UnknownRunException(runId))
                .state()
                .isFinal()) {
            emitter.complete();
            return null;
        }
        Consumer<RunProjection.Change> listener = change -> {
            if (change.runId().equals(runId)) {
                each.accept(change);
                if (change.after().isFinal()) {
                    emitter.complete();
                }
            }
        };
        projection.addListener(listener);
        emitter.onTermination(() -> projection.removeListener(listener));
        return null;
    }
}
