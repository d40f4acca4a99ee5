package dev.zklab.drainer.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zklab.contracts.evidence.ProbeEvidence;
import dev.zklab.members.LocalZooKeeperServers;
import dev.zklab.support.wait.Deadline;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The probe against three real ZooKeeper servers stopped one at a time: with two of three up, writes go
 * on; with one of three, the probe sees the unavailability window — and, once a quorum is back, no
 * acknowledged write is lost.
 */
class SteadyStateProbeIT {

    LocalZooKeeperServers servers;

    @BeforeEach
    void start() {
        servers = new LocalZooKeeperServers(
                LocalZooKeeperServers.folderFor(SteadyStateProbeIT.class),
                LocalZooKeeperServers.defaultStaticConfig(),
                Optional.empty());
        servers.startEnsemble(List.of(0, 1, 2));
    }

    @AfterEach
    void stop() {
        servers.close();
    }

    @Test
    void writesGoOnWithTwoOfThreeAndAnOutageWithOneOfThreeLosesNoAcknowledgedWrite() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (SteadyStateProbe probe =
                SteadyStateProbe.start(servers.access(), List.of(0, 1, 2), "/zklab/probe/it", 20, registry, "all up")) {
            Thread.sleep(2000);
            probe.phase("zk-0 down");
            servers.stop(0);
            Thread.sleep(4000);
            probe.phase("zk-0 and zk-1 down");
            servers.stop(1);
            Thread.sleep(5000);
            probe.phase("recovery");
            servers.start(0, List.of(0, 1, 2));
            servers.start(1, List.of(0, 1, 2));
            servers.awaitServing(0, Duration.ofSeconds(60));
            servers.awaitServing(1, Duration.ofSeconds(60));
            Thread.sleep(3000);

            ProbeEvidence evidence = probe.finish(Deadline.in(Duration.ofSeconds(60)));

            assertThat(evidence.phases())
                    .extracting(ProbeEvidence.Phase::name)
                    .containsExactly("all up", "zk-0 down", "zk-0 and zk-1 down", "recovery");
            ProbeEvidence.Phase allUp = evidence.phases().get(0);
            // Every operation that ended while all three served succeeded (one in flight as zk-0 stopped may not).
            assertThat(probe.operations())
                    .filteredOn(o -> o.phase().equals("all up") && o.endedMs() < allUp.endedMs())
                    .isNotEmpty()
                    .allSatisfy(o -> assertThat(o.outcome()).as("%s", o).isEqualTo(Operation.Outcome.OK));
            assertThat(allUp.availabilityPercent()).isGreaterThan(90.0);
            assertThat(allUp.operations()).isBetween(30L, 50L);
            ProbeEvidence.Phase twoOfThree = evidence.phases().get(1);
            // The client whose server went away reconnects to another: a short gap, then writes succeed again.
            assertThat(twoOfThree.ok())
                    .as("writes with two of three up: %s", twoOfThree)
                    .isGreaterThan(twoOfThree.operations() / 2);
            assertThat(twoOfThree.longestWriteGapMs()).isLessThan(4000);
            ProbeEvidence.Phase oneOfThree = evidence.phases().get(2);
            // No quorum: no write is acknowledged until the phase ends (operations sent in it may succeed once
            // the quorum is back, with their latency to show for it).
            assertThat(oneOfThree.longestWriteGapMs())
                    .as("no quorum: %s", oneOfThree)
                    .isGreaterThanOrEqualTo(oneOfThree.endedMs() - oneOfThree.startedMs() - 500);
            assertThat(oneOfThree.unknown() + oneOfThree.failed()).isPositive();
            assertThat(evidence.phases().get(3).ok()).isPositive();
            assertThat(evidence.set().error()).isNull();
            assertThat(evidence.set().lost())
                    .as("acknowledged writes lost: %s", evidence.set())
                    .isZero();
            assertThat(evidence.set().unexpected()).isZero();
            assertThat(evidence.set().acknowledged()).isPositive();
            assertThat(registry.get("zklab.probe.operations")
                            .tag("kind", "write")
                            .tag("outcome", "ok")
                            .counter()
                            .count())
                    .isEqualTo(evidence.set().acknowledged());
        }
    }
}
