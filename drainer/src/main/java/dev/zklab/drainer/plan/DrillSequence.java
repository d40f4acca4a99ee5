package dev.zklab.drainer.plan;

import dev.zklab.contracts.evidence.DrainEvidence.Fate;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The order of a drill's actions, decided action by action from what the earlier ones did: the lab's drill (which
 * member's node next, until one stays Pending) or a custom plan. The preflight walks a copy of it on the simulated
 * cluster and the drill walks it on the real one, so a prediction and an outcome come from the same decisions.
 */
public interface DrillSequence {

    /** Where each member runs now: its node, empty while it is Pending (the simulation's or the cluster's). */
    interface Placement extends Function<String, Optional<String>> {}

    /** The next action, given where the members are; empty when the drill is over. */
    Optional<DrillAction> next(Placement where);

    /** What the action just returned by {@link #next} did to the pods it touched. */
    void observed(List<Fate> fates);

    /**
     * Whether the drill ended on a drain that nothing refused although a member was Pending already: the drained nodes
     * are then held as long as a budget's refusals would have held them.
     */
    boolean endsHeld();

    /** The sequence as it stands, to be walked on without changing this one. */
    DrillSequence copy();

    /** Walks the rest of the sequence: each action done by {@code act}, which returns the fates it saw. */
    default void walk(Placement where, Function<DrillAction, List<Fate>> act) {
        for (Optional<DrillAction> next = next(where); next.isPresent(); next = next(where)) {
            observed(act.apply(next.get()));
        }
    }
}
