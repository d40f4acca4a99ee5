package dev.zklab.drainer.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zklab.common.evidence.DrainEvidence.Fate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DrillOptionsTest {

    @Test
    void noParametersIsTheLabsDrillWithItsDefaults() {
        DrillOptions options = DrillOptions.of(Map.of());
        assertThat(options.labDrill()).isTrue();
        assertThat(options.blockedWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.probeRate()).isEqualTo(20);
        assertThat(options.deleteEmptyDirData()).as("kubectl drain --delete-emptydir-data").isTrue();
        assertThat(options.force()).isFalse();
        assertThat(options.dryRun()).isFalse();
    }

    @Test
    void aCustomPlanReadsDrainUncordonAndWaitActions() {
        DrillOptions options = DrillOptions.of(Map.of("plan", "drain zk-1; wait zk-1\n uncordon worker-2, uncordon"));
        assertThat(options.plan()).extracting(DrillAction::toString)
                .containsExactly("drain zk-1", "wait zk-1", "uncordon worker-2", "uncordon");
        assertThat(options.plan().get(0).namesMember()).isTrue();
        assertThat(options.plan().get(2).namesMember()).isFalse();
    }

    @Test
    void everyProblemIsNamedWithWhatToGive() {
        assertThatThrownBy(() -> DrillOptions.of(Map.of("plan", "reboot worker-1, drain", "blockedWaitSeconds", "-1",
                "probeRate", "fast", "force", "yes", "speed", "1")))
                .isInstanceOf(InvalidDrillException.class)
                .hasMessageStartingWith("invalid drill: unknown parameter 'speed'")
                .hasMessageContaining("plan action 'reboot worker-1' is not drain, uncordon or wait")
                .hasMessageContaining("plan action 'drain' names nothing")
                .hasMessageContaining("blockedWaitSeconds is -1; give a number of seconds, 0 or more (default 30)")
                .hasMessageContaining("probeRate 'fast' is not a number")
                .hasMessageContaining("force 'yes' is not true or false");
        assertThatThrownBy(() -> DrillOptions.of(Map.of("plan", "drain zk-0 worker-1"))).hasMessageContaining("more than one");
    }

    @Test
    void theLabsDrillStopsAfterTheDrainThatFollowsAPendingMemberOrAtABlockedOne() {
        LabDrill four = new LabDrill(3, 4);
        assertThat(four.nextMember()).contains("zk-0");
        four.observed(List.of(Fate.MOVES));
        assertThat(four.nextMember()).contains("zk-1");
        four.observed(List.of(Fate.PENDING));
        assertThat(four.nextMember()).contains("zk-2");
        four.observed(List.of(Fate.BLOCKED));
        assertThat(four.nextMember()).isEmpty();
        assertThat(four.endedOnUnrefusedDrain()).as("the budget refused the last drain").isFalse();

        // Without a budget the drain after the Pending member goes through — and is the last.
        LabDrill unguarded = LabDrill.resumed(3, 4, 2, true);
        assertThat(unguarded.nextMember()).contains("zk-2");
        unguarded.observed(List.of(Fate.PENDING));
        assertThat(unguarded.nextMember()).isEmpty();
        assertThat(unguarded.endedOnUnrefusedDrain()).isTrue();

        LabDrill many = new LabDrill(3, 2);
        many.observed(List.of(Fate.MOVES));
        many.observed(List.of(Fate.MOVES));
        assertThat(many.nextMember()).as("never more drains than nodes").isEmpty();
        assertThat(many.endedOnUnrefusedDrain()).as("no member was Pending").isFalse();
    }
}
