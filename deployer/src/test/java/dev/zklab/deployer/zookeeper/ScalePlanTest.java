package dev.zklab.deployer.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zklab.deployer.zookeeper.ScalePlan.Add;
import dev.zklab.deployer.zookeeper.ScalePlan.Remove;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The scale planner: single-member steps, and refusals that say which step would lose the quorum. */
class ScalePlanTest {

    @Test
    void growsByTheNextOrdinalAndShrinksFromTheHighest() {
        assertThat(ScalePlan.plan(Set.of(0, 1, 2), Set.of(0, 1, 2), 5, 9)).containsExactly(new Add(3), new Add(4));
        assertThat(ScalePlan.plan(Set.of(0, 1, 2, 3, 4), Set.of(0, 1, 2, 3, 4), 3, 9))
                .containsExactly(new Remove(4), new Remove(3));
        assertThat(ScalePlan.plan(Set.of(0, 1, 2), Set.of(0, 1, 2), 3, 9)).isEmpty();
        assertThat(ScalePlan.plan(Set.of(0, 1, 2), Set.of(0, 1, 2), 1, 9))
                .containsExactly(new Remove(2), new Remove(1));
    }

    @Test
    void aMemberDownStillAllowsWhatKeepsAQuorum() {
        // 3 members, zk-2 down: adding zk-3 leaves 3 of 4 serving, a quorum of both configurations.
        assertThat(ScalePlan.plan(Set.of(0, 1, 2), Set.of(0, 1), 4, 9)).containsExactly(new Add(3));
        // 5 members, zk-0 down: removing zk-4 leaves 3 of 4.
        assertThat(ScalePlan.plan(Set.of(0, 1, 2, 3, 4), Set.of(1, 2, 3, 4), 4, 9))
                .containsExactly(new Remove(4));
    }

    @Test
    void refusesATargetThatWouldLoseTheQuorum() {
        // Removing the member that is down is fine: zk-0 and zk-1 are a quorum of both configurations.
        assertThat(ScalePlan.plan(Set.of(0, 1, 2), Set.of(0, 1), 2, 9)).containsExactly(new Remove(2));
        assertThatThrownBy(() -> ScalePlan.plan(Set.of(0, 1, 2), Set.of(0, 2), 2, 9))
                .isInstanceOf(ScaleRefusedException.class)
                .hasMessageContaining(
                        "removing zk-2 needs a quorum of 2 serving members in the new configuration [zk-0, zk-1], but only [zk-0] would serve");
        assertThatThrownBy(() -> ScalePlan.plan(Set.of(0, 1, 2), Set.of(0), 5, 9))
                .isInstanceOf(ScaleRefusedException.class)
                .hasMessageContaining(
                        "adding zk-3 needs a quorum of 2 serving members in the current configuration [zk-0, zk-1, zk-2], but only [zk-0] would serve");
    }

    @Test
    void refusesToGrowBeyondOneMemberPerNode() {
        assertThatThrownBy(() -> ScalePlan.plan(Set.of(0, 1, 2), Set.of(0, 1, 2), 5, 4))
                .isInstanceOf(ScaleRefusedException.class)
                .hasMessage(
                        "cannot scale to 5 members: the ensemble's required anti-affinity puts one member per node and"
                                + " the cluster has 4 schedulable nodes; add nodes or choose at most 4");
        assertThat(ScalePlan.plan(Set.of(0, 1, 2), Set.of(0, 1, 2), 4, 4)).containsExactly(new Add(3));
        // Shrinking needs no nodes.
        assertThat(ScalePlan.plan(Set.of(0, 1, 2, 3, 4), Set.of(0, 1, 2, 3, 4), 3, 2))
                .hasSize(2);
    }

    @Test
    void refusesTargetsOutOfRangeAndBrokenConfigurations() {
        assertThatThrownBy(() -> ScalePlan.plan(Set.of(0, 1, 2), Set.of(0, 1, 2), 0, 9))
                .hasMessage("cannot scale to 0 members: use 1 to 9");
        assertThatThrownBy(() -> ScalePlan.plan(Set.of(0, 1, 2), Set.of(0, 1, 2), 10, 9))
                .hasMessage("cannot scale to 10 members: use 1 to 9");
        assertThatThrownBy(() -> ScalePlan.plan(Set.of(0, 2), Set.of(0, 2), 3, 9))
                .hasMessage(
                        "the ensemble's configuration holds [zk-0, zk-2], not zk-0..zk-1; repair it before scaling");
    }
}
