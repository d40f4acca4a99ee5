package dev.zklab.gateway.report;

import dev.zklab.gateway.runs.RunUpdate;
import dev.zklab.gateway.runs.RunView;
import dev.zklab.gateway.runs.StepStatus;
import dev.zklab.gateway.runs.StepView;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The report of a run: the run with every step's evidence, a summary a non-specialist can read,
 * and the run's events in order.
 */
public record RunReport(RunView run, Summary summary, List<RunUpdate> events) {

    /** How the run went, in numbers. */
    public record Summary(String outcome, Long durationSeconds, Map<StepStatus, Integer> steps, String verdict) {
    }

    public static RunReport of(RunView run, List<RunUpdate> events) {
        Map<StepStatus, Integer> counts = new EnumMap<>(StepStatus.class);
        for (StepView step : run.steps()) {
            counts.merge(step.status(), 1, Integer::sum);
        }
        Long duration = run.endedAt() == null ? null : Duration.between(run.createdAt(), run.endedAt()).toSeconds();
        String verdict = switch (run.state()) {
            case SUCCEEDED -> "Every step succeeded.";
            case FAILED -> "The run failed: " + run.reason() + ".";
            case CANCELLED -> "The run was cancelled (" + run.reason() + ").";
            default -> "The run is still going: " + run.state() + ".";
        };
        return new RunReport(run, new Summary(run.state().name(), duration, counts, verdict), events);
    }
}
