package dev.zklab.drainer.plan;

import dev.zklab.contracts.evidence.DrainEvidence.Fate;
import dev.zklab.support.kubernetes.EnsembleNames;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The lab's drill: drain the node of zk-0, then of zk-1, then of zk-2, and on (wrapping around), until one member
 * stays Pending and one more drain has been tried — which the PodDisruptionBudget refuses (or, without one, lets
 * through: that drain takes a second member and the quorum with it). A drain the budget refuses ends it at once, and
 * it never drains more often than there are nodes. On the lab's 4 nodes: zk-0 moves, zk-1 stays Pending, zk-2's
 * drain is blocked.
 */
public final class LabDrill implements DrillSequence {

    private final int replicas;
    private final int maxDrains;
    private int drains;
    private boolean pendingSeen;
    private boolean over;
    private boolean unrefusedAfterPending;

    /** @param nodes the cluster's nodes: the drill never drains more often than there are nodes */
    public LabDrill(int replicas, int nodes) {
        this.replicas = replicas;
        this.maxDrains = Math.max(1, nodes);
        this.over = replicas < 1;
    }

    private LabDrill(LabDrill from) {
        this(from.replicas, from.maxDrains);
        drains = from.drains;
        pendingSeen = from.pendingSeen;
        over = from.over;
        unrefusedAfterPending = from.unrefusedAfterPending;
    }

    /**
     * A drain of the next member's node; empty when the drill is over, or when that member is on no node (nothing to
     * drain). A member Pending now counts as one seen Pending (a drill resumed after a crash learns so from its
     * earlier attempt's drains).
     */
    @Override
    public Optional<DrillAction> next(Placement where) {
        pendingSeen |= IntStream.range(0, replicas)
                .anyMatch(o -> where.apply(EnsembleNames.podName(o)).isEmpty());
        if (over || drains >= maxDrains) {
            return Optional.empty();
        }
        String member = EnsembleNames.podName(drains % replicas);
        if (where.apply(member).isEmpty()) {
            over = true;
            return Optional.empty();
        }
        return Optional.of(DrillAction.drain(member));
    }

    /** Records the fates of the drain just done; decides whether another follows. */
    @Override
    public void observed(List<Fate> fates) {
        drains++;
        boolean refused = fates.contains(Fate.BLOCKED) || fates.contains(Fate.REFUSED);
        if (refused || pendingSeen) {
            over = true;
            unrefusedAfterPending = pendingSeen && !refused;
        }
        if (fates.contains(Fate.PENDING)) {
            pendingSeen = true;
        }
    }

    @Override
    public boolean endsHeld() {
        return over && unrefusedAfterPending;
    }

    @Override
    public DrillSequence copy() {
        return new LabDrill(this);
    }
}
