package dev.zklab.drainer.drill;

import dev.zklab.drainer.preflight.ClusterSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a drill found when it began: the members, the cluster, whether a budget guards them, the nodes cordoned before
 * it, and what an earlier attempt of its step began (the drill then goes on from there).
 */
record DrillStart(
        int replicas,
        ClusterSnapshot snapshot,
        boolean guarded,
        List<String> cordonedBefore,
        SortedMap<Integer, String> begun,
        String resumed) {

    static DrillStart of(DrillEngine.Setup setup) {
        int replicas = setup.ensemble().replicas();
        ClusterSnapshot snapshot = setup.ensemble().snapshot();
        setup.kinds().forEach(k -> k.begin(snapshot));
        boolean guarded = snapshot.budgets().stream()
                .anyMatch(b -> setup.namespace().equals(b.getMetadata().getNamespace()));
        List<String> heldAlready =
                setup.kinds().stream().flatMap(k -> k.held().stream()).toList();
        List<String> cordonedBefore = snapshot.cordoned().stream()
                .filter(n -> !heldAlready.contains(n))
                .toList();
        SortedMap<Integer, String> begun = new TreeMap<>();
        List<String> said = new ArrayList<>();
        for (Disruption kind : setup.kinds()) {
            kind.begun().forEach((index, where) -> {
                begun.put(index, where);
                said.add(kind.describeBegun(index, where));
            });
        }
        String resumed = begun.isEmpty()
                ? null
                : "an earlier attempt of this step had " + String.join(", ", said) + "; the drill went on from there";
        if (resumed != null) {
            setup.progress().accept(resumed);
        }
        return new DrillStart(replicas, snapshot, guarded, cordonedBefore, begun, resumed);
    }
}
