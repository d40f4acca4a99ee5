package dev.zklab.drainer.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zklab.contracts.evidence.ProbeEvidence;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The latest drill's gauges: plain JUnit on a simple registry; NaN before a drill, then its figures until the next. */
class DrainMetricsTest {

    @Test
    void theDrillGaugesShowTheLatestMeasuredDrill() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DrainMetrics metrics = new DrainMetrics(registry);
        assertThat(gauge(registry, "zklab.drill.availability.ratio")).isNaN();
        assertThat(gauge(registry, "zklab.nodes.cordoned")).isZero();

        metrics.measured(probe(73.2, 17_300, 2_300.0, 0));
        assertThat(gauge(registry, "zklab.drill.availability.ratio"))
                .isCloseTo(0.732, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(gauge(registry, "zklab.drill.longest.write.gap.seconds")).isEqualTo(17.3);
        assertThat(gauge(registry, "zklab.drill.latency.p99.seconds")).isEqualTo(2.3);
        assertThat(gauge(registry, "zklab.drill.lost.writes")).isZero();

        metrics.measured(probe(98.2, 1_700, null, 1));
        assertThat(gauge(registry, "zklab.drill.availability.ratio"))
                .isCloseTo(0.982, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(gauge(registry, "zklab.drill.latency.p99.seconds"))
                .as("no successful operation, no latency")
                .isNaN();
        assertThat(gauge(registry, "zklab.drill.lost.writes")).isEqualTo(1);
    }

    private static double gauge(SimpleMeterRegistry registry, String name) {
        return registry.get(name).gauge().value();
    }

    private static ProbeEvidence probe(double availability, long gapMs, Double p99Ms, long lost) {
        ProbeEvidence.Phase overall = new ProbeEvidence.Phase(
                "overall", 0, 60_000, 1_000, 900, 100, 0, availability, gapMs, 5.0, p99Ms, p99Ms);
        return new ProbeEvidence(
                20,
                "port-forward",
                List.of(overall),
                overall,
                new ProbeEvidence.SetCheck(500, 480, 480 - lost, lost, 0, 0, List.of(), null));
    }
}
