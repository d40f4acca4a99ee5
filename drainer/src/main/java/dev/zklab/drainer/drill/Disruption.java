package dev.zklab.drainer.drill;

import dev.zklab.contracts.evidence.Check;
import dev.zklab.contracts.evidence.DrainEvidence.DrainAction;
import dev.zklab.contracts.evidence.DrainEvidence.DrainForecast;
import dev.zklab.drainer.plan.DrillAction;
import dev.zklab.drainer.preflight.ClusterSnapshot;
import dev.zklab.drainer.preflight.Forecaster;
import dev.zklab.support.wait.Deadline;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * One kind of disruption a drill makes (a drain, …), for one drill: it says what it will do (its forecaster, for the
 * preflight), does it, observes its effect and undoes it. The {@link DrillEngine} runs any kind the same way; a new
 * kind is a new implementation of this, not a change to the engine.
 */
public interface Disruption {

    /** How it is predicted, and its verbs in a plan. */
    Forecaster forecaster();

    /** Called once before the drill touches anything, with the cluster as it was then. */
    void begin(ClusterSnapshot before);

    /**
     * Does the drill's {@code index}-th disruption on {@code node} (where the member it names ran when it started, the
     * node it names, or {@code null}: its member is on no node) and observes what it did; {@code forecast} is the
     * preflight's, when it predicted this one.
     */
    DrainAction perform(
            int index, DrillAction action, String node, Optional<DrainForecast> forecast, Deadline deadline);

    /** Undoes one, named by the undo verb's target, or (target {@code null}) every one the drill made. */
    DrainAction undo(DrillAction action);

    /** Undoes everything of this kind the drill made; returns what it restored. Safe to call any number of times. */
    List<String> restoreAll();

    /** What it holds disrupted now (a drained node), by name. */
    List<String> held();

    /** Says on what it holds that the drill is still running (an orphaned hold is restored by the drainer's recovery). */
    void renew();

    /** The disruptions an earlier attempt of this run began (after a crash), by their number in the drill: where each was. */
    SortedMap<Integer, String> begun();

    /** One begun disruption as a resumed drill says it: {@code cordoned worker-1 (drain #1)}. */
    String describeBegun(int index, String where);

    /** Its checks of what its disruptions did against what was predicted: first in the evidence. */
    List<Check> outcomeChecks(List<DrainAction> actions);

    /** Its checks that everything it disrupted was restored: after the probe's in the evidence. */
    List<Check> restoredChecks(List<DrainAction> actions);
}
