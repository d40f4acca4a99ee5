package dev.zklab.drainer.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zklab.contracts.evidence.DrainEvidence.Fate;
import dev.zklab.drainer.plan.DrillSequence.Placement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The lab's drill decided drain by drain from what the drains did and where the members are. */
class LabDrillTest {

    /** Members on nodes of their own; {@code pending} ones on none. */
    final Map<String, String> nodes = new HashMap<>(Map.of("zk-0", "worker-1", "zk-1", "worker-2", "zk-2", "worker-3"));

    final Placement where = member -> Optional.ofNullable(nodes.get(member));

    @Test
    void itStopsAfterTheDrainThatFollowsAPendingMemberOrAtABlockedOne() {
        LabDrill four = new LabDrill(3, 4);
        assertThat(four.next(where)).contains(DrillAction.drain("zk-0"));
        four.observed(List.of(Fate.MOVES));
        assertThat(four.next(where)).contains(DrillAction.drain("zk-1"));
        four.observed(List.of(Fate.PENDING));
        assertThat(four.next(where)).contains(DrillAction.drain("zk-2"));
        four.observed(List.of(Fate.BLOCKED));
        assertThat(four.next(where)).isEmpty();
        assertThat(four.endsHeld()).as("the budget refused the last drain").isFalse();
    }

    @Test
    void withoutABudgetTheDrainAfterAPendingMemberGoesThroughIsTheLastAndIsHeld() {
        LabDrill unguarded = new LabDrill(3, 4);
        unguarded.next(where);
        unguarded.observed(List.of(Fate.MOVES));
        unguarded.next(where);
        unguarded.observed(List.of(Fate.PENDING));
        nodes.remove("zk-1");
        assertThat(unguarded.next(where)).contains(DrillAction.drain("zk-2"));
        unguarded.observed(List.of(Fate.PENDING));
        assertThat(unguarded.next(where)).isEmpty();
        assertThat(unguarded.endsHeld()).isTrue();
    }

    @Test
    void aMemberPendingWhenTheDrillLooksCountsAsSeenPending() {
        // A drill resumed after a crash: its earlier attempt's second drain left zk-1 Pending; the fates of the drains
        // it goes through again say nothing, where the members are does.
        LabDrill resumed = new LabDrill(3, 4);
        resumed.next(where);
        resumed.observed(List.of());
        resumed.next(where);
        resumed.observed(List.of());
        nodes.remove("zk-1");
        assertThat(resumed.next(where)).contains(DrillAction.drain("zk-2"));
        resumed.observed(List.of(Fate.MOVES));
        assertThat(resumed.next(where)).isEmpty();
        assertThat(resumed.endsHeld()).isTrue();
    }

    @Test
    void neverMoreDrainsThanNodesAndNoneOfAMemberOnNoNode() {
        LabDrill two = new LabDrill(3, 2);
        two.next(where);
        two.observed(List.of(Fate.MOVES));
        two.next(where);
        two.observed(List.of(Fate.MOVES));
        assertThat(two.next(where)).as("never more drains than nodes").isEmpty();
        assertThat(two.endsHeld()).as("no member was Pending").isFalse();

        nodes.remove("zk-0");
        assertThat(new LabDrill(3, 4).next(where))
                .as("zk-0 is on no node: nothing to drain, the drill is over")
                .isEmpty();
    }

    @Test
    void aCopyGoesOnFromWhereTheSequenceStoodWithoutMovingIt() {
        LabDrill drill = new LabDrill(3, 4);
        drill.next(where);
        drill.observed(List.of(Fate.MOVES));
        DrillSequence copy = drill.copy();

        assertThat(copy.next(where)).contains(DrillAction.drain("zk-1"));
        copy.observed(List.of(Fate.BLOCKED));
        assertThat(copy.next(where)).isEmpty();
        assertThat(drill.next(where))
                .as("the original is where the copy was made")
                .contains(DrillAction.drain("zk-1"));
    }
}
