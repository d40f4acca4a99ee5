package dev.zklab.drainer.drill;

import dev.zklab.contracts.evidence.DrainEvidence.Eviction;
import dev.zklab.contracts.evidence.DrainEvidence.Refusal;
import dev.zklab.contracts.evidence.ProbeEvidence;
import dev.zklab.drainer.drain.Cordons;
import dev.zklab.drainer.drain.DrainListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * The drills' metrics: {@code zklab_drain_evictions_total} (forced or not), {@code zklab_drain_refusals_total}
 * by budget, {@code zklab_drain_seconds} per drain by how it ended, {@code zklab_nodes_cordoned} (held by zklab
 * right now: back to 0 when every drill has restored its nodes), and the latest measured drill's figures
 * ({@code zklab_drill_*}: availability, longest time without a write, p99 latency, writes lost; NaN before the
 * first). The probe adds {@code zklab_probe_*}.
 */
public final class DrainMetrics implements DrainListener {

    private final MeterRegistry registry;

    private final AtomicReference<ProbeEvidence> latest = new AtomicReference<>();

    public DrainMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("zklab.nodes.cordoned", Cordons::heldNow)
                .description("nodes zklab holds cordoned right now")
                .strongReference(true)
                .register(registry);
        drillGauge(
                "zklab.drill.availability.ratio",
                "share of the latest drill's probe operations that succeeded",
                p -> p.overall().availabilityPercent() / 100);
        drillGauge(
                "zklab.drill.longest.write.gap.seconds",
                "the longest time without an acknowledged write in the latest drill",
                p -> p.overall().longestWriteGapMs() / 1000.0);
        drillGauge(
                "zklab.drill.latency.p99.seconds",
                "the 99th percentile of the latest drill's probe operations",
                p -> p.overall().p99Ms() == null ? Double.NaN : p.overall().p99Ms() / 1000);
        drillGauge(
                "zklab.drill.lost.writes",
                "acknowledged writes missing from the latest drill's final read (must be 0)",
                p -> p.set() == null ? Double.NaN : p.set().lost());
    }

    private void drillGauge(String name, String description, ToDoubleFunction<ProbeEvidence> figure) {
        Gauge.builder(
                        name,
                        latest,
                        l -> l.get() == null || l.get().overall() == null ? Double.NaN : figure.applyAsDouble(l.get()))
                .description(description)
                .strongReference(true)
                .register(registry);
    }

    /** The figures of a drill whose probe has finished: the {@code zklab_drill_*} gauges show them until the next. */
    public void measured(ProbeEvidence probe) {
        latest.set(probe);
    }

    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public void refused(Refusal refusal) {
        Counter.builder("zklab.drain.refusals")
                .description("evictions refused by a PodDisruptionBudget (HTTP 429)")
                .tag("budget", refusal.budget() == null ? "unknown" : refusal.budget())
                .register(registry)
                .increment();
    }

    @Override
    public void evicted(Eviction eviction) {
        Counter.builder("zklab.drain.evictions")
                .description("pods evicted by drains (forced: deleted past their budget)")
                .tag("forced", Boolean.toString(eviction.forced()))
                .register(registry)
                .increment();
    }

    /** Records how long one drain took; {@code outcome}: drained, blocked or refused. */
    public void drained(Duration took, String outcome) {
        Timer.builder("zklab.drain")
                .description("how long drains take, by how they ended")
                .tag("outcome", outcome)
                .register(registry)
                .record(took);
    }
}
