package dev.zklab.gateway.orchestration;

import dev.zklab.contracts.events.RunCompleted;
import dev.zklab.contracts.events.RunRequested;
import dev.zklab.contracts.events.StepFailed;
import dev.zklab.contracts.events.StepStarted;
import dev.zklab.contracts.events.StepSucceeded;
import dev.zklab.gateway.runs.RunProjection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's Prometheus metrics ({@code zklab_} prefix): runs started, succeeded, failed and
 * cancelled; runs in flight; step durations by step and outcome; the orchestration's lag (command published to
 * step started) by step; dead-lettered events. Counters
 * count what happens while this gateway runs, not what it replays at start.
 */
@ApplicationScoped
public class RunMetrics {

    private final MeterRegistry registry;
    private final Counter started;
    private final Counter succeeded;
    private final Counter failed;
    private final Counter cancelled;
    private final Counter deadLettered;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong rebuildNanos = new AtomicLong();
    private final AtomicInteger historyRuns = new AtomicInteger();
    private final ConcurrentHashMap<String, Instant> stepRequested = new ConcurrentHashMap<>();

    public RunMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.started = Counter.builder("zklab.runs.started")
                .description("Runs started")
                .register(registry);
        this.succeeded = Counter.builder("zklab.runs.succeeded")
                .description("Runs that succeeded")
                .register(registry);
        this.failed = Counter.builder("zklab.runs.failed")
                .description("Runs that failed")
                .register(registry);
        this.cancelled = Counter.builder("zklab.runs.cancelled")
                .description("Runs cancelled")
                .register(registry);
        this.deadLettered = Counter.builder("zklab.dead.lettered.messages")
                .description("Messages that could not be parsed and went to the dead-letter topic")
                .tag("service", "gateway")
                .register(registry);
        registry.gauge("zklab.runs.in.flight", inFlight);
        Gauge.builder("zklab.history.rebuild.seconds", rebuildNanos, n -> n.get() / 1e9)
                .description("Time this gateway took at start to rebuild the run history from the events topic")
                .register(registry);
        Gauge.builder("zklab.history.runs", historyRuns, AtomicInteger::get)
                .description("Runs in the history rebuilt at start")
                .register(registry);
    }

    /** The step's name (its id without the number): low cardinality, unlike the id. */
    private static String step(RunProjection.Change change) {
        return change.update().data().path("stepId").asText().replaceFirst("^\\d+-", "");
    }

    /** How long rebuilding the run history from the events topic took at start. */
    void historyRebuilt(Duration took, int runs) {
        rebuildNanos.set(took.toNanos());
        historyRuns.set(runs);
    }

    void record(RunProjection.Change change, boolean live) {
        if (change.event() instanceof RunRequested) {
            inFlight.incrementAndGet();
        } else if (!change.before().isFinal() && change.after().isFinal()) {
            inFlight.decrementAndGet();
        }
        String stepKey =
                change.runId() + "/" + change.update().data().path("stepId").asText();
        if (change.update().type().equals("dev.zklab.step.requested.v1")) {
            stepRequested.put(stepKey, change.update().time());
        } else if (change.event() instanceof RunCompleted) {
            // Cancelled attempts never answer: forget them with their run.
            stepRequested.keySet().removeIf(key -> key.startsWith(change.runId() + "/"));
        }
        if (!live) {
            return;
        }
        if (change.event() instanceof RunRequested) {
            started.increment();
        } else if (change.event() instanceof RunCompleted completed) {
            switch (completed.outcome()) {
                case "SUCCEEDED" -> succeeded.increment();
                case "CANCELLED" -> cancelled.increment();
                default -> failed.increment();
            }
        } else if (change.event() instanceof StepStarted) {
            Instant requested = stepRequested.get(stepKey);
            if (requested != null) {
                Timer.builder("zklab.orchestration.lag")
                        .description("Time from a step's command being published to its service starting it, by step")
                        .tags("step", step(change))
                        .publishPercentileHistogram()
                        .register(registry)
                        .record(Duration.between(requested, change.update().time()));
            }
        } else if (change.event() instanceof StepSucceeded || change.event() instanceof StepFailed) {
            Instant requested = stepRequested.remove(stepKey);
            if (requested != null) {
                String step = step(change);
                Timer.builder("zklab.step.duration")
                        .description("Time from a step's command to its outcome, by step and outcome")
                        .tags(
                                "service",
                                "gateway",
                                "step",
                                step,
                                "outcome",
                                change.event() instanceof StepSucceeded ? "succeeded" : "failed")
                        .publishPercentileHistogram()
                        .register(registry)
                        .record(Duration.between(requested, change.update().time()));
            }
        }
    }

    void deadLettered() {
        deadLettered.increment();
    }
}
