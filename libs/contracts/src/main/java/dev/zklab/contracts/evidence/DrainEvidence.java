package dev.zklab.contracts.evidence;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * What the drain step records: the plan, its preflight (each drain predicted before anything was
 * touched), every action with each pod's prediction and outcome, every eviction the PodDisruptionBudget
 * refused (with the budget's own words), what the steady-state probe saw, and the checks that judge it.
 *
 * @param plan            the actions, as written ({@code drain zk-0}, {@code uncordon worker-2}, ...)
 * @param dryRun          true when only the preflight ran (nothing was touched)
 * @param cordonedBefore  nodes that were cordoned before the drill; the drill leaves them as they were
 * @param resumed         what an earlier attempt of this step had done (null when none): a drill delivered
 *                        again after a crash goes on from the nodes it had cordoned
 * @param uncordoned      the nodes this drill cordoned and restored at its end
 * @param probe           null when the probe was off (or in a dry run)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DrainEvidence(
        String namespace,
        List<String> plan,
        boolean dryRun,
        List<String> cordonedBefore,
        List<DrainForecast> preflight,
        List<DrainAction> actions,
        List<String> uncordoned,
        ProbeEvidence probe,
        List<Check> checks,
        String resumed) {

    /** How a pod fares in a drain: predicted by the preflight, observed by the drill. */
    public enum Fate {
        /** Evicted; its replacement is Ready on another node. */
        MOVES,
        /** Evicted; its replacement cannot be scheduled anywhere. */
        PENDING,
        /** The eviction is refused by a PodDisruptionBudget for as long as the drill waits. */
        BLOCKED,
        /** Evicted and not replaced (no controller; only with {@code force}). */
        REMOVED,
        /**
         * Observed only: evicted, and its controller (a ReplicaSet, say) re-creates it under a new name that
         * the drill does not follow; agrees with a prediction of MOVES or PENDING.
         */
        EVICTED,
        /** Not evicted, as {@code kubectl drain --ignore-daemonsets} does (DaemonSet and mirror pods). */
        SKIPPED,
        /** The drain refuses it, and so the whole drain (kubectl's filters: no controller, local storage). */
        REFUSED
    }

    /** One pod's predicted fate in one drain, with the reason, e.g. {@code zk-0 moves (worker-4 fits)}. */
    public record PodForecast(String pod, Fate fate, String reason) {}

    /** The preflight's prediction of one drain. */
    public record DrainForecast(String action, String node, List<PodForecast> pods) {}

    /**
     * One action of the drill as it happened.
     *
     * @param action  as planned, e.g. {@code drain zk-0}
     * @param node    the node it acted on
     * @param pods    each pod's prediction and outcome
     * @param refusals every 429 the Eviction API answered, in order
     * @param detail  what happened, in one sentence
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DrainAction(
            String action,
            String node,
            Instant started,
            Instant ended,
            List<PodOutcome> pods,
            List<Refusal> refusals,
            List<Eviction> evictions,
            String detail) {}

    /** A pod's predicted and observed fate; {@code matched} when they agree. */
    public record PodOutcome(
            String pod, Fate predicted, String prediction, Fate observed, String observation, boolean matched) {}

    /** An eviction the API server refused (HTTP 429), with the budget's cause. */
    public record Refusal(Instant at, String pod, String budget, String message) {}

    /**
     * An eviction that went through; {@code forced} when the pod was deleted past its budget because the
     * request said {@code force}.
     */
    public record Eviction(String pod, String uid, Instant evicted, Instant gone, boolean forced) {}
}
