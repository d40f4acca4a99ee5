package dev.zklab.gateway.runs;

import dev.zklab.contracts.api.RunPage;
import dev.zklab.contracts.api.RunStatus;
import dev.zklab.contracts.api.RunUpdate;
import dev.zklab.contracts.api.RunView;
import dev.zklab.contracts.api.StepStatus;
import dev.zklab.contracts.cluster.ClusterRef;
import dev.zklab.contracts.events.CloudEvent;
import dev.zklab.contracts.events.RunCancelled;
import dev.zklab.contracts.events.RunCompleted;
import dev.zklab.contracts.events.RunEvent;
import dev.zklab.contracts.events.RunRequested;
import dev.zklab.contracts.events.StepEvent;
import dev.zklab.contracts.events.StepFailed;
import dev.zklab.contracts.events.StepProgress;
import dev.zklab.contracts.events.StepRequested;
import dev.zklab.contracts.events.StepStarted;
import dev.zklab.contracts.events.StepSucceeded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The run history as a projection of the events topic: every run's state follows from its events
 * alone, so a gateway that starts again rebuilds exactly what it had. An event applied twice changes
 * nothing (the gateway applies its own events at once, then reads them back from the topic). Not
 * thread-safe: callers serialise access (see {@link dev.zklab.gateway.orchestration.RunCoordinator#read}).
 */
public final class RunProjection {

    /** What a change to a run looked like, for listeners (SSE streams, metrics). */
    public record Change(String runId, RunUpdate update, RunStatus before, RunStatus after, RunEvent event) {}

    private final Map<String, RunState> runs = new HashMap<>();
    private final Map<String, String> runsByIdempotencyKey = new HashMap<>();
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();

    /** Applies one event; events that do not fit the run's state (stale attempts, late answers) change nothing. */
    public Optional<Change> apply(CloudEvent envelope, RunEvent event) {
        Instant time = envelope.time() != null ? envelope.time() : Instant.now();
        RunState run = runs.get(event.runId());
        if (event instanceof RunRequested requested) {
            if (run != null) {
                return Optional.empty();
            }
            run = new RunState(
                    requested.runId(),
                    requested.spec(),
                    requested.idempotencyKey(),
                    time,
                    requested.requestedBy(),
                    RunPlan.of(requested.spec()));
            runs.put(run.id, run);
            if (requested.idempotencyKey() != null) {
                runsByIdempotencyKey.putIfAbsent(requested.idempotencyKey(), run.id);
            }
            return Optional.of(record(run, envelope, event, RunStatus.PENDING));
        }
        if (run == null || run.status.isFinal()) {
            return Optional.empty();
        }
        RunStatus before = run.status;
        boolean changed;
        if (event instanceof RunCancelled cancelled) {
            changed = cancel(run, cancelled, time);
        } else if (event instanceof RunCompleted completed) {
            changed = complete(run, completed, time);
        } else if (event instanceof StepRequested requested) {
            changed = request(run, requested, time);
        } else if (event instanceof StepStarted started) {
            changed = start(run, started, time);
        } else if (event instanceof StepProgress progress) {
            changed = progress(run, progress);
        } else if (event instanceof StepSucceeded succeeded) {
            changed = succeed(run, succeeded, time);
        } else if (event instanceof StepFailed failed) {
            changed = fail(run, failed, time);
        } else {
            changed = false;
        }
        if (!changed) {
            return Optional.empty();
        }
        run.updatedAt = time;
        return Optional.of(record(run, envelope, event, before));
    }

    private Change record(RunState run, CloudEvent envelope, RunEvent event, RunStatus before) {
        // The envelope already holds the payload as JSON: no second serialisation per event.
        RunUpdate update =
                new RunUpdate(envelope.type(), envelope.time(), envelope.source(), run.status, envelope.data());
        run.history.add(update);
        Change change = new Change(run.id, update, before, run.status, event);
        listeners.forEach(l -> l.accept(change));
        return change;
    }

    private static boolean cancel(RunState run, RunCancelled cancelled, Instant time) {
        if (run.cancelRequested) {
            return false;
        }
        run.cancelRequested = true;
        run.cancelReason = cancelled.reason();
        run.cancelledBy = cancelled.cancelledBy();
        for (StepState s : run.steps) {
            if (s.step.cleanup()) {
                continue;
            }
            if (s.status.isActive()) {
                s.status = StepStatus.CANCELLED;
                s.endedAt = time;
                s.reason = "run cancelled: " + cancelled.reason();
            } else if (s.status == StepStatus.PENDING || s.status == StepStatus.RETRYING) {
                s.status = StepStatus.SKIPPED;
                s.reason = "run cancelled";
            }
        }
        run.status = RunStatus.CLEANING_UP;
        return true;
    }

    private static boolean complete(RunState run, RunCompleted completed, Instant time) {
        run.status = RunStatus.valueOf(completed.outcome());
        run.reason = completed.reason();
        run.endedAt = time;
        return true;
    }

    private static boolean request(RunState run, StepRequested requested, Instant time) {
        StepState step = run.step(requested.stepId());
        if (step == null || step.status.isFinal() || requested.attempt() <= step.attempts) {
            return false;
        }
        step.status = StepStatus.REQUESTED;
        step.attempts = requested.attempt();
        step.requestedAt = time;
        step.deadline = time.plusSeconds(requested.timeoutSeconds());
        step.reason = null;
        if (run.status == RunStatus.PENDING) {
            run.status = RunStatus.RUNNING;
        }
        if (step.step.cleanup() && run.status == RunStatus.RUNNING) {
            run.status = RunStatus.CLEANING_UP;
        }
        return true;
    }

    private static boolean start(RunState run, StepStarted started, Instant time) {
        StepState step = current(run, started);
        if (step == null || step.status != StepStatus.REQUESTED) {
            return false;
        }
        step.status = StepStatus.RUNNING;
        if (step.startedAt == null) {
            step.startedAt = time;
        }
        return true;
    }

    private static boolean progress(RunState run, StepProgress progress) {
        StepState step = current(run, progress);
        if (step == null || !step.status.isActive()) {
            return false;
        }
        if (step.progress.size() == StepState.MAX_PROGRESS) {
            step.progress.remove(0);
        }
        step.progress.add(progress.message());
        return true;
    }

    private static boolean succeed(RunState run, StepSucceeded succeeded, Instant time) {
        StepState step = current(run, succeeded);
        if (step == null || !step.status.isActive()) {
            return false;
        }
        step.status = StepStatus.SUCCEEDED;
        step.endedAt = time;
        step.evidence = succeeded.evidence();
        step.reason = null;
        return true;
    }

    private static boolean fail(RunState run, StepFailed failed, Instant time) {
        StepState step = current(run, failed);
        if (step == null || !step.status.isActive()) {
            return false;
        }
        step.reason = failed.reason();
        step.endedAt = time;
        step.evidence = failed.evidence();
        if (failed.retryable() && step.attempts < run.spec.options().maxAttempts()) {
            step.status = StepStatus.RETRYING;
            return true;
        }
        step.status = StepStatus.FAILED;
        if (!step.step.cleanup()) {
            for (StepState later : run.steps) {
                if (!later.step.cleanup() && later.status == StepStatus.PENDING) {
                    later.status = StepStatus.SKIPPED;
                    later.reason = "skipped: " + step.stepId + " failed";
                }
            }
            run.status = RunStatus.CLEANING_UP;
        }
        return true;
    }

    /** The step an event is about, if the event is about its current attempt. */
    private static StepState current(RunState run, StepEvent event) {
        StepState step = run.step(event.stepId());
        return step != null && step.attempts == event.attempt() ? step : null;
    }

    public void addListener(Consumer<Change> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<Change> listener) {
        listeners.remove(listener);
    }

    public Optional<RunView> view(String runId) {
        return Optional.ofNullable(runs.get(runId)).map(RunState::view);
    }

    public Optional<String> runForIdempotencyKey(String key) {
        return Optional.ofNullable(runsByIdempotencyKey.get(key));
    }

    public List<RunUpdate> history(String runId) {
        RunState run = runs.get(runId);
        return run == null ? List.of() : List.copyOf(run.history);
    }

    /** Runs newest first, optionally of one state and whose ids start with {@code idPrefix}; {@code total} counts all that match. */
    public RunPage list(Optional<RunStatus> state, Optional<String> idPrefix, int page, int size) {
        List<RunState> matching = new ArrayList<>(runs.values().stream()
                .filter(r -> state.isEmpty() || r.status == state.get())
                .filter(r -> idPrefix.isEmpty() || r.id.startsWith(idPrefix.get()))
                .sorted(Comparator.comparing((RunState r) -> r.createdAt)
                        .reversed()
                        .thenComparing(r -> r.id))
                .toList());
        int from = Math.min(page * size, matching.size());
        int to = Math.min(from + size, matching.size());
        return new RunPage(
                matching.subList(from, to).stream().map(RunState::summary).toList(), page, size, matching.size());
    }

    /** Runs that have not ended, for the orchestrator. */
    public List<String> unfinished() {
        return runs.values().stream()
                .filter(r -> !r.status.isFinal())
                .map(r -> r.id)
                .toList();
    }

    /**
     * A run not ended yet whose ensemble lives in {@code namespace} of the same cluster (provider, name, location): two
     * such runs would share one ensemble, each changing what the other measures and tearing down what the other uses.
     */
    public Optional<String> unfinishedRunIn(ClusterRef cluster, String namespace) {
        return runs.values().stream()
                .filter(r -> !r.status.isFinal())
                .filter(r -> sameCluster(r.spec.cluster().ref(), cluster)
                        && namespace.equals(r.spec.ensemble().namespace()))
                .map(r -> r.id)
                .findFirst();
    }

    private static boolean sameCluster(ClusterRef a, ClusterRef b) {
        return a.provider().equals(b.provider())
                && a.name().equals(b.name())
                && a.location().equals(b.location());
    }

    public int size() {
        return runs.size();
    }

    /** The decisions the orchestrator should take for a run now. */
    public List<RunEvent> decide(String runId, Instant now) {
        RunState run = runs.get(runId);
        return run == null ? List.of() : RunDecisions.decide(run, now);
    }
}
