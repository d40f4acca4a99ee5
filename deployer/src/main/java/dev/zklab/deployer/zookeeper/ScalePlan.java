package dev.zklab.deployer.zookeeper;

import dev.zklab.contracts.run.EnsembleSpec;
import dev.zklab.support.kubernetes.EnsembleNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * How to go from one number of members to another without losing quorum: single-member changes,
 * growing by the next ordinal, shrinking from the highest. Pure; {@link #plan} refuses a target that
 * cannot keep a quorum at some step, given which members serve now.
 */
public final class ScalePlan {

    /** One single-member change. */
    public sealed interface Change {
        int ordinal();
    }

    /** Start member {@code ordinal}, then add it to the configuration. */
    public record Add(int ordinal) implements Change {}

    /** Remove member {@code ordinal} from the configuration, then stop it. */
    public record Remove(int ordinal) implements Change {}

    private ScalePlan() {}

    /**
     * @param members the ordinals in the ensemble's configuration now (0..n-1)
     * @param serving the members that answer as part of the quorum now
     * @param nodes   the cluster's schedulable nodes (one member per node: required anti-affinity)
     * @throws ScaleRefusedException naming the step that could not keep a quorum, or a target out of range
     */
    public static List<Change> plan(Set<Integer> members, Set<Integer> serving, int target, int nodes) {
        if (target < 1 || target > EnsembleSpec.MAX_MEMBERS) {
            throw new ScaleRefusedException(
                    "cannot scale to " + target + " members: use 1 to " + EnsembleSpec.MAX_MEMBERS);
        }
        if (target > members.size() && target > nodes) {
            throw new ScaleRefusedException(
                    "cannot scale to " + target + " members: the ensemble's required anti-affinity puts"
                            + " one member per node and the cluster has " + nodes
                            + " schedulable nodes; add nodes or choose at most " + nodes);
        }
        TreeSet<Integer> config = new TreeSet<>(members);
        if (!config.equals(range(config.size()))) {
            throw new ScaleRefusedException("the ensemble's configuration holds " + names(config) + ", not zk-0..zk-"
                    + (config.size() - 1) + "; repair it before scaling");
        }
        List<Change> changes = new ArrayList<>();
        Set<Integer> live = new TreeSet<>(serving);
        live.retainAll(config);
        while (config.size() != target) {
            boolean grow = config.size() < target;
            int ordinal = grow ? config.size() : config.last();
            TreeSet<Integer> next = new TreeSet<>(config);
            Set<Integer> liveNext = new TreeSet<>(live);
            if (grow) {
                next.add(ordinal);
                liveNext.add(ordinal);
            } else {
                next.remove(ordinal);
                liveNext.remove(ordinal);
            }
            // ZooKeeper commits a reconfiguration only with a quorum of the old and of the new configuration.
            requireQuorum(config, live, grow ? "adding " : "removing ", ordinal, "current");
            requireQuorum(next, liveNext, grow ? "adding " : "removing ", ordinal, "new");
            changes.add(grow ? new Add(ordinal) : new Remove(ordinal));
            config = next;
            live = liveNext;
        }
        return changes;
    }

    private static void requireQuorum(Set<Integer> config, Set<Integer> live, String verb, int ordinal, String which) {
        int quorum = config.size() / 2 + 1;
        if (live.size() < quorum) {
            throw new ScaleRefusedException(verb + EnsembleNames.podName(ordinal) + " needs a quorum of " + quorum
                    + " serving members in the " + which + " configuration " + names(config) + ", but only "
                    + names(live) + " would serve; bring the missing members back (or choose another target) first");
        }
    }

    private static Set<Integer> range(int n) {
        Set<Integer> all = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        return all;
    }

    static String names(Set<Integer> ordinals) {
        return ordinals.stream().sorted().map(EnsembleNames::podName).collect(Collectors.joining(", ", "[", "]"));
    }
}
