package dev.zklab.drainer.drill;

import dev.zklab.common.evidence.DrainEvidence.Eviction;
import dev.zklab.common.evidence.DrainEvidence.Refusal;
import dev.zklab.drainer.drain.DrainListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The drills' metrics: {@code zklab_drain_evictions_total} (forced or not), {@code zklab_drain_refusals_total}
 * by budget, {@code zklab_drain_seconds} per drain by how it ended. The probe adds {@code zklab_probe_*}.
 */
public final class DrainMetrics implements DrainListener {

    private final MeterRegistry registry;

    public DrainMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public void refused(Refusal refusal) {
        Counter.builder("zklab.drain.refusals").description("evictions refused by a PodDisruptionBudget (HTTP 429)")
                .tag("budget", refusal.budget() == null ? "unknown" : refusal.budget()).register(registry).increment();
    }

    @Override
    public void evicted(Eviction eviction) {
        Counter.builder("zklab.drain.evictions").description("pods evicted by drains (forced: deleted past their budget)")
                .tag("forced", Boolean.toString(eviction.forced())).register(registry).increment();
    }

    /** Records how long one drain took; {@code outcome}: drained, blocked or refused. */
    public void drained(Duration took, String outcome) {
        Timer.builder("zklab.drain").description("how long drains take, by how they ended").tag("outcome", outcome)
                .register(registry).record(took);
    }
}
