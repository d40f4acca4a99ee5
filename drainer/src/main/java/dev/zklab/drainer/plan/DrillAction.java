package dev.zklab.drainer.plan;

import dev.zklab.support.kubernetes.EnsembleNames;

/**
 * One action of a drill: a verb and what it names — a member ({@code zk-1}: the node it runs on when the action
 * starts) or a node ({@code worker-3}). The verbs are a disruption's ({@code drain}), its undoing's
 * ({@code uncordon}; alone, it undoes every one the drill made) and {@code wait} (until the member is Ready and
 * serving, or the node Ready).
 */
public record DrillAction(String verb, String target) {

    public static final String DRAIN = "drain";
    public static final String UNCORDON = "uncordon";
    public static final String WAIT = "wait";

    public static DrillAction drain(String target) {
        return new DrillAction(DRAIN, target);
    }

    /** True when the target names a member of the ensemble rather than a node. */
    public boolean namesMember() {
        return target != null && target.matches(EnsembleNames.STATEFULSET + "-\\d+");
    }

    public int ordinal() {
        return EnsembleNames.ordinal(target);
    }

    @Override
    public String toString() {
        return verb + (target == null ? "" : " " + target);
    }
}
