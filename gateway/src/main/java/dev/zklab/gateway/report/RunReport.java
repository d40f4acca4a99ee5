package dev.zklab.gateway.report;

import dev.zklab.contracts.api.RunUpdate;
import dev.zklab.contracts.api.RunView;
import dev.zklab.contracts.api.StepStatus;
import dev.zklab.contracts.api.StepView;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The report of a run: the run with every step's evidence, a summary a non-specialist can read,
 * and the run's events in order; optionally another run's drill beside this one's.
 *
 * @param comparedDrill another run's drill figures, to put beside this run's (say, the same drill
 *                      without the PodDisruptionBudget); null unless asked for
 */
public record RunReport(RunView run, Summary summary, DrillFigures comparedDrill, List<RunUpdate> events) {

    /**
     * How the run went, in numbers and one sentence.
     *
     * @param drill the figures of the run's last drill that measured with the probe; null when it ran none
     */
    public record Summary(
            String outcome, Long durationSeconds, Map<StepStatus, Integer> steps, String verdict, DrillFigures drill) {}

    public static RunReport of(RunView run, List<RunUpdate> events) {
        Map<StepStatus, Integer> counts = new EnumMap<>(StepStatus.class);
        for (StepView step : run.steps()) {
            counts.merge(step.status(), 1, Integer::sum);
        }
        Long duration = run.endedAt() == null
                ? null
                : Duration.between(run.createdAt(), run.endedAt()).toSeconds();
        DrillFigures drill = DrillFigures.of(run).orElse(null);
        return new RunReport(
                run, new Summary(run.state().name(), duration, counts, Verdict.of(run, drill), drill), null, events);
    }

    /** This report with another run's drill beside its own. */
    public RunReport comparedWith(DrillFigures other) {
        return new RunReport(run, summary, other, events);
    }
}
