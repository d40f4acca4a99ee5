package dev.zklab.drainer.plan;

import dev.zklab.common.ensemble.EnsembleNames;
import java.util.Locale;

/**
 * One action of a custom drill: drain, uncordon or wait, naming a member ({@code zk-1}: the node it runs
 * on when the action starts) or a node ({@code worker-3}). {@code uncordon} alone restores every node the
 * drill cordoned.
 */
public record DrillAction(Kind kind, String target) {

    public enum Kind {
        /** Cordon the node and evict its pods, as kubectl drain does. */
        DRAIN,
        /** Make the node schedulable again (only a node this drill cordoned). */
        UNCORDON,
        /** Wait until the member is Ready and serving, or the node is Ready. */
        WAIT;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
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
        return kind.id() + (target == null ? "" : " " + target);
    }
}
