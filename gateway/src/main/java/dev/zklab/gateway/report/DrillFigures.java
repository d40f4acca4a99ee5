package dev.zklab.gateway.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.zklab.contracts.api.RunView;
import dev.zklab.contracts.api.StepView;
import dev.zklab.contracts.evidence.DrainEvidence;
import dev.zklab.contracts.evidence.ProbeEvidence;
import dev.zklab.support.text.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A drill's figures as people compare them: with or without the ensemble's PodDisruptionBudget, what
 * each drain did to the members, how many evictions the budget refused, and what the probe measured —
 * availability, the longest time without an acknowledged write, writes lost. Read from the run's last
 * drain step that measured with the probe.
 *
 * @param budget                whether the ensemble had its PodDisruptionBudget
 * @param fates                 each drained pod's observed fate, in order ({@code zk-0 MOVES})
 * @param refusals              evictions the budget refused (HTTP 429)
 * @param longestWriteGapMillis the longest time without an acknowledged write over the whole drill
 * @param quorumLost            whether that gap was an outage ({@link ProbeEvidence#OUTAGE} or longer), not an election
 */
public record DrillFigures(
        String runId,
        String step,
        boolean budget,
        List<String> fates,
        int refusals,
        double availabilityPercent,
        long longestWriteGapMillis,
        boolean quorumLost,
        long acknowledged,
        long lost,
        Double p99Ms) {

    /** The figures of the run's last drill that measured with the probe; empty when it ran none. */
    public static Optional<DrillFigures> of(RunView run) {
        List<StepView> steps = run.steps();
        for (int i = steps.size() - 1; i >= 0; i--) {
            StepView step = steps.get(i);
            Optional<DrainEvidence> drain = StepEvidence.drain(step)
                    .filter(d -> d.probe() != null && d.probe().overall() != null && d.actions() != null);
            if (drain.isPresent()) {
                return Optional.of(of(run, step, drain.get()));
            }
        }
        return Optional.empty();
    }

    private static DrillFigures of(RunView run, StepView step, DrainEvidence drain) {
        ProbeEvidence.Phase overall = drain.probe().overall();
        List<String> fates = drain.actions().stream()
                .filter(a -> a.pods() != null)
                .flatMap(a -> a.pods().stream())
                .map(p -> p.pod() + " " + p.observed())
                .toList();
        int refusals = drain.actions().stream()
                .mapToInt(a -> a.refusals() == null ? 0 : a.refusals().size())
                .sum();
        ProbeEvidence.SetCheck set = drain.probe().set();
        boolean budget = run.spec() == null
                || run.spec().ensemble() == null
                || run.spec().ensemble().withBudget();
        return new DrillFigures(
                run.id(),
                step.id(),
                budget,
                fates,
                refusals,
                overall.availabilityPercent(),
                overall.longestWriteGapMs(),
                drain.probe().sawOutage(),
                set == null ? 0 : set.acknowledged(),
                set == null ? 0 : set.lost(),
                overall.p99Ms());
    }

    /** One sentence (part of the report's verdict): what the drill did to the ensemble's availability, and why. */
    String sentence() {
        String measured = "availability " + availability() + ", longest time without a write "
                + longestWriteGapSeconds() + ", " + lost + (lost == 1 ? " write" : " writes") + " lost";
        if (quorumLost) {
            return (budget
                            ? "the drain drill lost the quorum although the ensemble had its PodDisruptionBudget"
                            : "without a PodDisruptionBudget the drain drill lost the quorum")
                    + " (" + measured + ")";
        }
        return "the drain drill kept the quorum"
                + (budget && refusals > 0
                        ? ", its PodDisruptionBudget refusing an eviction "
                                + (refusals == 1 ? "once" : refusals + " times")
                        : "")
                + " (" + measured + ")";
    }

    /** The longest time without a write, for people ({@code 31.2 s}). */
    @JsonIgnore
    public String longestWriteGapSeconds() {
        return seconds(longestWriteGapMillis);
    }

    /** Each drained pod's fate, for people ({@code zk-0 MOVES, zk-1 PENDING, zk-2 BLOCKED}). */
    @JsonIgnore
    public String drains() {
        return fates.isEmpty() ? "nothing evicted" : String.join(", ", fates);
    }

    /** The availability, for people ({@code 99.6 %}). */
    @JsonIgnore
    public String availability() {
        return String.format(Locale.ROOT, "%.1f %%", availabilityPercent);
    }

    static String seconds(long millis) {
        return Durations.seconds(Duration.ofMillis(millis));
    }
}
