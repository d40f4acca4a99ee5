package dev.zklab.drainer.drill;

import dev.zklab.contracts.evidence.Check;
import dev.zklab.contracts.evidence.DrainEvidence;
import dev.zklab.contracts.evidence.DrainEvidence.DrainAction;
import dev.zklab.contracts.evidence.DrainEvidence.PodOutcome;
import dev.zklab.contracts.evidence.MemberFacts;
import dev.zklab.contracts.evidence.ProbeEvidence;
import dev.zklab.support.kubernetes.EnsembleNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The checks of a drill's evidence, each a pure function of what the drill recorded. */
public final class DrillChecks {

    private DrillChecks() {}

    /** Every pod's outcome as the preflight predicted it. */
    public static Check predictions(List<DrainAction> actions) {
        List<PodOutcome> outcomes =
                actions.stream().flatMap(a -> a.pods().stream()).toList();
        List<String> mismatches = outcomes.stream()
                .filter(o -> o.predicted() != null && !o.matched())
                .map(o -> o.pod() + " was predicted " + o.predicted() + " (" + o.prediction() + ") but " + o.observed()
                        + " (" + o.observation() + ")")
                .toList();
        return Check.of(
                "predictions",
                "every drain's outcome as the preflight predicted",
                outcomes.stream().map(o -> o.pod() + " " + o.observed()).collect(Collectors.joining(", ")),
                mismatches,
                "the preflight models cordons, taints, required (anti-)affinity, requests and budgets; see the evidence's preflight");
    }

    /**
     * What the probe saw: no acknowledged write lost and, when a budget guarded the ensemble ({@code guarded}), the
     * quorum kept throughout. None without a probe.
     */
    public static List<Check> probe(ProbeEvidence probe, boolean guarded, String namespace) {
        if (probe == null) {
            return List.of();
        }
        List<Check> checks = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (probe.set().error() != null) {
            problems.add(probe.set().error());
        } else if (probe.set().lost() > 0) {
            problems.add(probe.set().lost() + " acknowledged writes are missing from the final read, e.g. "
                    + probe.set().lostValues());
        }
        checks.add(Check.of(
                "no-lost-writes",
                "every acknowledged write in the final read",
                probe.set().acknowledged() + " acknowledged, " + probe.set().lost() + " lost, "
                        + probe.set().recovered() + " of unknown outcome recovered; availability "
                        + probe.overall().availabilityPercent() + "%",
                problems,
                null));
        if (guarded) {
            long gap = probe.overall().longestWriteGapMs();
            checks.add(Check.of(
                    "quorum-kept",
                    "never " + ProbeEvidence.OUTAGE.toSeconds() + " s or more without an acknowledged"
                            + " write: the budget let only one member go at a time (elections and moves are shorter)",
                    String.format(
                            Locale.ROOT,
                            "longest time without a write %.1f s; availability %.1f %%",
                            gap / 1000.0,
                            probe.overall().availabilityPercent()),
                    probe.sawOutage()
                            ? List.of("no write was acknowledged for " + gap / 1000 + " s: the ensemble lost its quorum"
                                    + " although a PodDisruptionBudget guarded it")
                            : List.of(),
                    "see the probe's phases for when; kubectl describe pdb " + EnsembleNames.PDB + " -n " + namespace));
        }
        return checks;
    }

    /**
     * Every node the drill cordoned schedulable again, and every node cordoned before it still so.
     *
     * @param cordonedNow    the nodes cordoned now, by name
     * @param stillHeld      those of them the drill's run still holds
     * @param cordonedBefore the nodes cordoned when the drill began (by someone else)
     */
    public static Check nodesRestored(List<String> cordonedNow, List<String> stillHeld, List<String> cordonedBefore) {
        List<String> problems = new ArrayList<>();
        stillHeld.forEach(n -> problems.add(n + " is still cordoned by this run"));
        cordonedBefore.stream()
                .filter(n -> !cordonedNow.contains(n))
                .forEach(n -> problems.add(n + " was cordoned before the drill and is not any more"));
        return Check.of(
                "nodes-restored",
                "every node the drill cordoned schedulable again; the others as they were",
                cordonedNow + " cordoned",
                problems,
                "kubectl uncordon <node> restores one by hand");
    }

    /** Pods deleted past their budget, when a forced drain did so; empty otherwise. */
    public static Optional<Check> forced(List<DrainAction> actions) {
        List<String> forced = actions.stream()
                .flatMap(a -> a.evictions().stream())
                .filter(DrainEvidence.Eviction::forced)
                .map(DrainEvidence.Eviction::pod)
                .toList();
        return forced.isEmpty()
                ? Optional.empty()
                : Optional.of(Check.pass(
                        "forced-deletions",
                        "pods deleted past their budget only because the request said force",
                        "FORCED: " + forced + " deleted past their PodDisruptionBudget"));
    }

    /** Every member serving in one quorum at the end. */
    public static Check quorumWhole(List<MemberFacts> formed) {
        return Check.pass(
                "quorum-whole",
                "every member serving in one quorum",
                formed.stream()
                        .map(f -> f.pod() + (f.leads() ? " leads" : " follows"))
                        .collect(Collectors.joining(", ")));
    }
}
