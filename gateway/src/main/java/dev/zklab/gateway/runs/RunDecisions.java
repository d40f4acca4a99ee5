package dev.zklab.gateway.runs;

import dev.zklab.contracts.api.RunStatus;
import dev.zklab.contracts.api.StepStatus;
import dev.zklab.contracts.events.RunCompleted;
import dev.zklab.contracts.events.RunEvent;
import dev.zklab.contracts.events.StepFailed;
import dev.zklab.contracts.events.StepOutcome;
import dev.zklab.contracts.events.StepRequested;
import dev.zklab.contracts.run.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the orchestrator does next for a run, as a pure function of the run's state and the time:
 * fail a timed-out attempt, request the next step (or retry), or complete the run. Main steps go in
 * order until one fails or the run is cancelled; cleanup steps then always run.
 */
final class RunDecisions {

    private RunDecisions() {}

    static List<RunEvent> decide(RunState run, Instant now) {
        if (run.status.isFinal()) {
            return List.of();
        }
        List<RunEvent> decisions = new ArrayList<>();
        for (StepState step : run.steps) {
            if (step.status.isActive() && step.deadline != null && now.isAfter(step.deadline)) {
                decisions.add(new StepFailed(
                        run.id,
                        step.stepId,
                        step.attempts,
                        "timed out after " + step.timeoutSeconds + "s waiting for the "
                                + step.step.owner().id(),
                        false));
            }
        }
        if (!decisions.isEmpty()) {
            return decisions;
        }
        Optional<StepState> next = next(run);
        if (next.isPresent()) {
            StepState step = next.get();
            if (!step.status.isActive()) {
                decisions.add(new StepRequested(
                        run.id,
                        step.stepId,
                        step.step.id(),
                        step.attempts + 1,
                        run.spec.cluster().ref(),
                        run.spec.ensemble(),
                        step.params,
                        step.timeoutSeconds,
                        step.step.cleanup(),
                        previous(run, step).orElse(null),
                        clusterOrigin(run)));
            }
            return decisions;
        }
        decisions.add(completion(run));
        return decisions;
    }

    /** The first step that is not final: the one to wait for or to request. */
    private static Optional<StepState> next(RunState run) {
        return run.steps.stream().filter(s -> !s.status.isFinal()).findFirst();
    }

    /** The run's last succeeded step before this one, whose evidence the step may build on. */
    private static Optional<StepOutcome> previous(RunState run, StepState step) {
        StepOutcome previous = null;
        for (StepState s : run.steps) {
            if (s == step) {
                break;
            }
            if (s.status == StepStatus.SUCCEEDED) {
                previous = new StepOutcome(s.stepId, s.step.id(), s.evidence);
            }
        }
        return Optional.ofNullable(previous);
    }

    /** How the run came by its cluster, as its provision-cluster step recorded it; null when it has none (or it has not succeeded). */
    private static String clusterOrigin(RunState run) {
        return run.steps.stream()
                .filter(s -> s.step == Step.PROVISION_CLUSTER && s.status == StepStatus.SUCCEEDED && s.evidence != null)
                .map(s -> s.evidence.path("origin").asText(null))
                .filter(o -> o != null)
                .findFirst()
                .orElse(null);
    }

    private static RunCompleted completion(RunState run) {
        if (run.cancelRequested) {
            return new RunCompleted(
                    run.id, RunStatus.CANCELLED.name(), "cancelled: " + run.cancelReason + cleanupFailures(run));
        }
        Optional<StepState> failed =
                run.steps.stream().filter(s -> s.status == StepStatus.FAILED).findFirst();
        if (failed.isPresent()) {
            return new RunCompleted(
                    run.id, RunStatus.FAILED.name(), "step " + failed.get().stepId + " failed: " + failed.get().reason);
        }
        return new RunCompleted(run.id, RunStatus.SUCCEEDED.name(), null);
    }

    private static String cleanupFailures(RunState run) {
        List<String> failed = run.steps.stream()
                .filter(s -> s.step.cleanup() && s.status == StepStatus.FAILED)
                .map(s -> s.stepId + " failed: " + s.reason)
                .toList();
        return failed.isEmpty() ? "" : "; " + String.join("; ", failed);
    }
}
