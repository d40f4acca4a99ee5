package dev.zklab.drainer.plan;

import dev.zklab.common.ensemble.EnsembleNames;
import dev.zklab.common.evidence.DrainEvidence.Fate;
import java.util.Collection;
import java.util.Optional;

/**
 * The lab's drill as a sequence decided drain by drain: drain the node of zk-0, then of zk-1, then of
 * zk-2, and on (wrapping around), until one member stays Pending and one more drain has been tried —
 * which the PodDisruptionBudget refuses (or, without one, lets through: that drain takes a second member
 * and the quorum with it). A drain the budget refuses ends it at once. On the lab's 4 nodes: zk-0 moves, zk-1 stays Pending, zk-2's drain is blocked. The
 * preflight and the drill follow the same sequence, so their drains line up one to one.
 */
public final class LabDrill {

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

    /**
     * The drill as an earlier attempt left it: {@code drainsDone} drains begun, and whether a member is
     * Pending now (the drill then tries one more drain and ends).
     */
    public static LabDrill resumed(int replicas, int nodes, int drainsDone, boolean memberPending) {
        LabDrill drill = new LabDrill(replicas, nodes);
        drill.drains = drainsDone;
        drill.pendingSeen = memberPending;
        return drill;
    }

    /** A member is Pending (seen by a drill resumed after a crash, whose earlier drain made it so). */
    public void memberPending() {
        pendingSeen = true;
    }

    /** The member whose node is drained next; empty when the drill is over. */
    public Optional<String> nextMember() {
        return over || drains >= maxDrains ? Optional.empty() : Optional.of(EnsembleNames.podName(drains % replicas));
    }

    /** Records the fates of the drain just done; decides whether another follows. */
    public void observed(Collection<Fate> fates) {
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

    /**
     * Whether the drill ended on a drain that nothing refused although a member was Pending already: the
     * drain a PodDisruptionBudget is there to refuse, which without one takes a second member down.
     */
    public boolean endedOnUnrefusedDrain() {
        return over && unrefusedAfterPending;
    }

    public static String action(String member) {
        return DrillAction.Kind.DRAIN.id() + " " + member;
    }
}
