package dev.zklab.drainer.plan;

import dev.zklab.contracts.evidence.DrainEvidence.Fate;
import java.util.List;
import java.util.Optional;

/** A custom plan as a sequence: its actions in the order written, whatever they do. */
public final class PlanSequence implements DrillSequence {

    private final List<DrillAction> actions;
    private int position;

    public PlanSequence(List<DrillAction> actions) {
        this(actions, 0);
    }

    private PlanSequence(List<DrillAction> actions, int position) {
        this.actions = List.copyOf(actions);
        this.position = position;
    }

    @Override
    public Optional<DrillAction> next(Placement where) {
        return position < actions.size() ? Optional.of(actions.get(position++)) : Optional.empty();
    }

    @Override
    public void observed(List<Fate> fates) {
        // A plan goes on whatever its actions did.
    }

    @Override
    public boolean endsHeld() {
        return false;
    }

    @Override
    public DrillSequence copy() {
        return new PlanSequence(actions, position);
    }
}
