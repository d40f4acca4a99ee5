package dev.zklab.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zklab.clusters.ClusterResolver;
import dev.zklab.contracts.cluster.ClusterRef;
import dev.zklab.contracts.events.EventCodec;
import dev.zklab.contracts.events.RunCancelled;
import dev.zklab.contracts.events.RunEvent;
import dev.zklab.contracts.events.StepFailed;
import dev.zklab.contracts.events.StepRequested;
import dev.zklab.contracts.events.StepStarted;
import dev.zklab.contracts.events.StepSucceeded;
import dev.zklab.contracts.messaging.Service;
import dev.zklab.contracts.run.EnsembleSpec;
import dev.zklab.contracts.run.Step;
import dev.zklab.support.tracing.RunSpans;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The step runtime's promises, unit by unit with a scripted event sink (no broker): a command is
 * acknowledged only once its outcome is published, an outcome the broker does not take is tried again,
 * a second delivery runs nothing, a stale command is not run, cancellation reaches the step's waits,
 * and what the service remembers is bounded.
 */
class StepCommandProcessorTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path clusters;

    private final List<RunEvent> published = new CopyOnWriteArrayList<>();
    /** The trace context each published event was given, in the order of {@link #published}'s attempts. */
    private final List<Context> traces = new CopyOnWriteArrayList<>();

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final SdkTracerProvider tracing = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans))
            .build();
    private final AtomicInteger refusals = new AtomicInteger();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final EventCodec codec = new EventCodec();
    private StepCommandProcessor processor;

    /** The sink refuses the first {@link #refusals} outcomes, then takes everything. */
    private final EventSink sink = (event, trace) -> {
        traces.add(trace);
        boolean outcome = event instanceof StepSucceeded || event instanceof StepFailed;
        if (outcome && refusals.getAndDecrement() > 0) {
            return CompletableFuture.failedFuture(new IllegalStateException("broker away"));
        }
        published.add(event);
        return CompletableFuture.completedFuture(null);
    };

    @AfterEach
    void stop() {
        if (processor != null) {
            processor.stop();
        }
    }

    @Test
    void aCommandIsAcknowledgedOnlyOnceItsOutcomeIsPublished() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        processor = processor(2, Clock.systemUTC(), handler(context -> {
            release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            return StepResult.succeeded(null);
        }));
        Delivery delivery = deliver(command("r1", 60));

        assertThat(delivery.stage).isCompleted();
        await().atMost(WAIT).until(() -> published.stream().anyMatch(StepStarted.class::isInstance));
        assertThat(delivery.acked).as("acked while the step runs").hasValue(0);

        release.countDown();
        await().atMost(WAIT).until(() -> delivery.acked.get() == 1);
        assertThat(published).last().isInstanceOf(StepSucceeded.class);
    }

    /**
     * A run is one trace: the step is a span whose parent is the command's span (the gateway's, named by the command's
     * traceparent header), carrying the run's id; every event the step publishes — started, progress, outcome — carries
     * the step's span, so the gateway's next command is its child.
     */
    @Test
    void aStepIsOneSpanUnderItsCommandAndEveryEventItPublishesCarriesIt() {
        processor = processor(2, Clock.systemUTC(), handler(context -> {
            context.progress("halfway");
            return StepResult.failed("scripted", false);
        }));
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", ("00-" + trace + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.UTF_8));
        Delivery delivery = deliver(command("r-traced", 60), headers);

        await().atMost(WAIT).until(() -> delivery.acked.get() == 1);
        SpanData step = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("step 01-deploy"))
                .findFirst()
                .orElseThrow();
        assertThat(step.getTraceId()).isEqualTo(trace);
        assertThat(step.getParentSpanId()).as("the command's span").isEqualTo("00f067aa0ba902b7");
        assertThat(step.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(step.getAttributes().get(RunSpans.RUN_ID)).isEqualTo("r-traced");
        assertThat(step.getAttributes().get(RunSpans.STEP_ID)).isEqualTo("01-deploy");
        assertThat(step.getAttributes().get(RunSpans.SERVICE)).isEqualTo("deployer");
        assertThat(step.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(published)
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("StepStarted", "StepProgress", "StepFailed");
        assertThat(traces)
                .hasSize(3)
                .allSatisfy(context -> assertThat(
                                Span.fromContext(context).getSpanContext().getSpanId())
                        .isEqualTo(step.getSpanId()));
    }

    @Test
    void withoutATraceparentTheStepStartsATraceOfItsOwn() {
        processor = processor(2, Clock.systemUTC(), handler(context -> StepResult.succeeded(null)));
        Delivery delivery = deliver(command("r-untraced", 60));

        await().atMost(WAIT).until(() -> delivery.acked.get() == 1);
        assertThat(spans.getFinishedSpanItems())
                .singleElement()
                .satisfies(s -> assertThat(s.getParentSpanContext().isValid()).isFalse());
    }

    @Test
    void anOutcomeTheBrokerDoesNotTakeIsTriedAgainUntilItIs() {
        refusals.set(2);
        processor = processor(2, Clock.systemUTC(), handler(context -> StepResult.succeeded(null)));
        Delivery delivery = deliver(command("r2", 60));

        await().atMost(WAIT).until(() -> delivery.acked.get() == 1);
        assertThat(published).filteredOn(StepSucceeded.class::isInstance).hasSize(1);
        assertThat(registry.counter("zklab.publish.failures", "service", "deployer")
                        .count())
                .isEqualTo(2);
    }

    @Test
    void aStepThatThrowsAnErrorStillHasItsFailurePublishedAndAcknowledged() {
        processor = processor(2, Clock.systemUTC(), handler(context -> {
            throw new NoClassDefFoundError("org/example/Missing");
        }));
        Delivery delivery = deliver(command("r6", 60));

        await().atMost(WAIT).until(() -> delivery.acked.get() == 1);
        assertThat(published)
                .last()
                .isInstanceOfSatisfying(
                        StepFailed.class, failed -> assertThat(failed.reason()).isEqualTo("org/example/Missing"));
    }

    @Test
    void aSecondDeliveryRunsNothingAndIsCounted() {
        AtomicInteger runs = new AtomicInteger();
        processor = processor(2, Clock.systemUTC(), handler(context -> {
            runs.incrementAndGet();
            return StepResult.succeeded(null);
        }));
        StepRequested command = command("r3", 60);
        Delivery first = deliver(command);
        Delivery second = deliver(command);

        await().atMost(WAIT).until(() -> first.acked.get() == 1 && second.acked.get() == 1);
        assertThat(runs).hasValue(1);
        assertThat(registry.counter("zklab.duplicate.commands", "service", "deployer")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aCommandWhoseTimeoutPassedLongAgoIsNotRun() {
        AtomicInteger runs = new AtomicInteger();
        Instant later = Instant.now()
                .plus(Duration.ofSeconds(60))
                .plus(StepCommandProcessor.STALE_AFTER)
                .plusSeconds(5);
        processor = processor(2, Clock.fixed(later, ZoneOffset.UTC), handler(context -> {
            runs.incrementAndGet();
            return StepResult.succeeded(null);
        }));
        Delivery delivery = deliver(command("r4", 60));

        assertThat(delivery.acked).hasValue(1);
        assertThat(runs).hasValue(0);
        assertThat(published).isEmpty();
    }

    @Test
    void aCancellationReachesTheStepsWaitAndItsFailureSaysSo() {
        processor = processor(2, Clock.systemUTC(), handler(context -> {
            context.deadline().untilTrue("a condition that never holds", () -> false);
            return StepResult.succeeded(null);
        }));
        Delivery delivery = deliver(command("r5", 60));
        await().atMost(WAIT).until(() -> published.stream().anyMatch(StepStarted.class::isInstance));

        deliver(new RunCancelled("r5", "test"));

        await().atMost(WAIT).until(() -> delivery.acked.get() == 1);
        assertThat(published)
                .last()
                .isInstanceOfSatisfying(
                        StepFailed.class,
                        failed -> assertThat(failed.reason())
                                .isEqualTo("run cancelled while waiting for a condition that never holds"));
    }

    @Test
    void aCleanupStepRunsToItsEndWhenItsRunIsCancelled() {
        AtomicBoolean cancelDelivered = new AtomicBoolean();
        processor = processor(2, Clock.systemUTC(), handler(context -> {
            context.deadline().untilTrue("the cancellation to have come", cancelDelivered::get);
            context.deadline().sleep(Duration.ofMillis(300), "going on after it");
            return StepResult.succeeded(null);
        }));
        StepRequested cleanup = command("r6", 60);
        Delivery delivery = deliver(new StepRequested(
                cleanup.runId(),
                cleanup.stepId(),
                cleanup.step(),
                1,
                cleanup.cluster(),
                cleanup.ensemble(),
                Map.of(),
                60,
                true));
        await().atMost(WAIT).until(() -> published.stream().anyMatch(StepStarted.class::isInstance));

        deliver(new RunCancelled("r6", "test"));
        cancelDelivered.set(true);

        await().atMost(WAIT).until(() -> delivery.acked.get() == 1);
        assertThat(published).last().isInstanceOf(StepSucceeded.class);
    }

    @Test
    void theServiceRemembersABoundedNumberOfCancelledRuns() {
        processor = processor(3, Clock.systemUTC());
        for (String run : List.of("a", "b", "c", "d")) {
            deliver(new RunCancelled(run, "test"));
        }
        assertThat(processor.cancelled("a")).isFalse();
        assertThat(processor.cancelled("b")).isTrue();
        assertThat(processor.cancelled("d")).isTrue();
    }

    private StepCommandProcessor processor(int remembered, Clock clock, StepHandler... handlers) {
        ServiceConfig config = new ServiceConfig() {
            @Override
            public Service name() {
                return Service.DEPLOYER;
            }

            @Override
            public int concurrentSteps() {
                return 2;
            }

            @Override
            public int rememberedCommands() {
                return remembered;
            }
        };
        return new StepCommandProcessor(
                sink,
                config,
                List.of(handlers),
                registry,
                new ClusterResolver(clusters, Map.of()),
                () -> "auto",
                clock,
                tracing.get(RunSpans.TRACER));
    }

    private static StepHandler handler(Body body) {
        return new StepHandler() {
            @Override
            public Step step() {
                return Step.DEPLOY;
            }

            @Override
            public StepResult run(StepContext context) throws Exception {
                return body.run(context);
            }
        };
    }

    private interface Body {
        StepResult run(StepContext context) throws Exception;
    }

    private static StepRequested command(String runId, int timeoutSeconds) {
        return new StepRequested(
                runId,
                "01-deploy",
                "deploy",
                1,
                new ClusterRef("local", "none", "", ""),
                new EnsembleSpec(3, "current", Map.of(), "fast", "10Gi", "zk-test"),
                Map.of(),
                timeoutSeconds,
                false);
    }

    private Delivery deliver(RunEvent payload) {
        return deliver(payload, new RecordHeaders());
    }

    /** Delivers the command as the Kafka connector does, with the record's headers in the message's metadata. */
    private Delivery deliver(RunEvent payload, Headers headers) {
        Delivery delivery = new Delivery();
        String json = codec.encode(codec.wrap(Service.GATEWAY, payload));
        ConsumerRecord<String, String> record = new ConsumerRecord<>(
                "zklab.commands.deployer",
                0,
                0L,
                0L,
                TimestampType.CREATE_TIME,
                -1,
                -1,
                payload.runId(),
                json,
                headers,
                Optional.empty());
        delivery.stage = processor
                .process(Message.of(
                                json,
                                () -> {
                                    delivery.acked.incrementAndGet();
                                    return CompletableFuture.completedFuture(null);
                                },
                                reason -> CompletableFuture.completedFuture(null))
                        .addMetadata(new IncomingKafkaRecordMetadata<>(record, "commands")))
                .toCompletableFuture();
        return delivery;
    }

    /** One message handed to the processor: its returned stage and how often it was acknowledged. */
    private static final class Delivery {
        final AtomicInteger acked = new AtomicInteger();
        CompletableFuture<Void> stage;
    }
}
