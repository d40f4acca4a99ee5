package dev.zklab.drainer.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DrillOptionsTest {

    @Test
    void noParametersIsTheLabsDrillWithItsDefaults() {
        DrillOptions options = DrillOptions.of(Map.of());
        assertThat(options.labDrill()).isTrue();
        assertThat(options.blockedWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.probeRate()).isEqualTo(20);
        assertThat(options.deleteEmptyDirData())
                .as("kubectl drain --delete-emptydir-data")
                .isTrue();
        assertThat(options.force()).isFalse();
        assertThat(options.dryRun()).isFalse();
    }

    @Test
    void aCustomPlanReadsDrainUncordonAndWaitActions() {
        DrillOptions options = DrillOptions.of(Map.of("plan", "drain zk-1; wait zk-1\n uncordon worker-2, uncordon"));
        assertThat(options.plan())
                .extracting(DrillAction::toString)
                .containsExactly("drain zk-1", "wait zk-1", "uncordon worker-2", "uncordon");
        assertThat(options.plan().get(0).namesMember()).isTrue();
        assertThat(options.plan().get(2).namesMember()).isFalse();
    }

    @Test
    void everyProblemIsNamedWithWhatToGive() {
        assertThatThrownBy(() -> DrillOptions.of(Map.of(
                        "plan",
                        "reboot worker-1, drain",
                        "blockedWaitSeconds",
                        "-1",
                        "probeRate",
                        "fast",
                        "force",
                        "yes",
                        "speed",
                        "1")))
                .isInstanceOf(InvalidDrillException.class)
                .hasMessageStartingWith("invalid drill: unknown parameter 'speed'")
                .hasMessageContaining("plan action 'reboot worker-1' is not drain, uncordon or wait")
                .hasMessageContaining("plan action 'drain' names nothing")
                .hasMessageContaining("blockedWaitSeconds is -1; give a number of seconds, 0 or more (default 30)")
                .hasMessageContaining("probeRate 'fast' is not a number")
                .hasMessageContaining("force 'yes' is not true or false");
        assertThatThrownBy(() -> DrillOptions.of(Map.of("plan", "drain zk-0 worker-1")))
                .hasMessageContaining("more than one");
    }
}
