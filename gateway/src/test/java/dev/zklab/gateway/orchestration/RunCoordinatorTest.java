package dev.zklab.gateway.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zklab.contracts.api.RunStatus;
import dev.zklab.contracts.api.RunUpdate;
import dev.zklab.contracts.api.RunView;
import dev.zklab.contracts.events.CloudEvent;
import dev.zklab.contracts.events.EventCodec;
import dev.zklab.contracts.events.StepStarted;
import dev.zklab.contracts.events.StepSucceeded;
import dev.zklab.contracts.messaging.Service;
import dev.zklab.contracts.run.ClusterSpec;
import dev.zklab.contracts.run.RunOptions;
import dev.zklab.contracts.run.RunSpec;
import dev.zklab.contracts.run.StepSpec;
import dev.zklab.gateway.eventlog.EventStore;
import dev.zklab.support.tracing.RunSpans;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's locking, with a scripted event store (no broker): reads are answered while Kafka
 * holds a publish, and an event the gateway publishes is applied once, whichever of the publisher and
 * the events reader gets to it first.
 */
class RunCoordinatorTest {

    /** Bound of a read that must not wait for Kafka; it would wait for ever if the lock were held. */
    private static final long READ_BOUND_SECONDS = 10;

    private final ScriptedStore store = new ScriptedStore();
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final Tracer tracer = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans))
            .build()
            .get(RunSpans.TRACER);
    private final RunCoordinator coordinator =
            new RunCoordinator(store, new RunMetrics(new SimpleMeterRegistry()), Duration.ofMillis(200), tracer);

    @AfterEach
    void close() {
        store.release();
        coordinator.close();
    }

    @Test
    void aReadIsAnsweredWhileKafkaHoldsAPublish() throws Exception {
        coordinator.onCaughtUp();
        RunView run = coordinator.create(spec(), null, "alice");
        store.holdNextAppend();
        CompletableFuture<RunView> cancel =
                CompletableFuture.supplyAsync(() -> coordinator.cancel(run.id(), "test", "bob"));
        store.awaitHeld();

        RunView during = CompletableFuture.supplyAsync(
                        () -> coordinator.view(run.id()).orElseThrow())
                .get(READ_BOUND_SECONDS, TimeUnit.SECONDS);
        assertThat(during.state()).isEqualTo(RunStatus.RUNNING);
        assertThat(CompletableFuture.supplyAsync(() -> coordinator
                                .list(Optional.empty(), Optional.empty(), 0, 10)
                                .total())
                        .get(READ_BOUND_SECONDS, TimeUnit.SECONDS))
                .isEqualTo(1);
        assertThat(cancel).isNotDone();

        store.release();
        RunView cancelled = cancel.get(READ_BOUND_SECONDS, TimeUnit.SECONDS);
        assertThat(cancelled.state()).isIn(RunStatus.CLEANING_UP, RunStatus.CANCELLED);
        assertThat(cancelled.requestedBy()).isEqualTo("alice");
        assertThat(cancelled.cancelledBy()).isEqualTo("bob");
    }

    @Test
    void anEventTheGatewayPublishesIsAppliedOnceWhoeverSeesItFirst() {
        coordinator.onCaughtUp();
        // The events reader sees each event the moment Kafka takes it, before the publisher applies it...
        store.onAppend(event -> coordinator.onEvent(event, new EventCodec().payload(event), Context.root()));
        RunView first = coordinator.create(spec(), null, "alice");
        // ...or only after it.
        store.onAppend(event -> {});
        RunView second = coordinator.create(spec(), null, "alice");
        store.appended.forEach(event -> coordinator.onEvent(event, new EventCodec().payload(event), Context.root()));

        for (RunView run : List.of(first, second)) {
            await().atMost(Duration.ofSeconds(READ_BOUND_SECONDS))
                    .untilAsserted(() -> assertThat(coordinator.history(run.id()))
                            .extracting(RunUpdate::type)
                            .containsOnlyOnce("dev.zklab.run.requested.v1", "dev.zklab.step.requested.v1"));
        }
    }

    /**
     * A run is one trace: the run's span under its request's, each command's span under what led to it — the run, or
     * the step whose event the gateway read (the step service's span, from the event's headers) — and every record the
     * gateway writes for the run carries the span it was written under.
     */
    @Test
    void aRunIsOneTraceFromItsRequestThroughEachCommandAndTheStepsThatAnswerThem() {
        coordinator.onCaughtUp();
        Span request = tracer.spanBuilder("POST /api/runs").startSpan();
        RunView run;
        try (Scope scope = request.makeCurrent()) {
            run = coordinator.create(
                    new RunSpec(
                            new ClusterSpec("local", "c", null, null, null),
                            null,
                            List.of(StepSpec.of("deploy"), StepSpec.of("verify")),
                            new RunOptions(true, null, null, null)),
                    null,
                    "alice");
        } finally {
            request.end();
        }
        await().atMost(Duration.ofSeconds(READ_BOUND_SECONDS)).until(() -> store.commands.size() == 1);
        SpanData runSpan = span("zklab run");
        SpanData deploy = span("command 01-deploy");
        assertThat(runSpan.getParentSpanId())
                .as("the request's")
                .isEqualTo(request.getSpanContext().getSpanId());
        assertThat(runSpan.getAttributes().get(RunSpans.RUN_ID)).isEqualTo(run.id());
        assertThat(deploy.getParentSpanId()).as("the run's").isEqualTo(runSpan.getSpanId());
        assertThat(deploy.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(deploy.getAttributes().get(RunSpans.RUN_ID)).isEqualTo(run.id());
        assertThat(spanOf(store.commandTraces.get(0)))
                .as("the command's record")
                .isEqualTo(deploy.getSpanId());

        // The deployer answers under its span of the step, a child of the command's (StepCommandProcessor).
        Span step = tracer.spanBuilder("step 01-deploy")
                .setParent(store.commandTraces.get(0))
                .startSpan();
        step.end();
        Context stepTrace = store.commandTraces.get(0).with(step);
        EventCodec codec = new EventCodec();
        for (var answer : List.of(
                new StepStarted(run.id(), "01-deploy", 1, "deployer"),
                new StepSucceeded(run.id(), "01-deploy", 1, null))) {
            coordinator.onEvent(codec.wrap(Service.DEPLOYER, answer), answer, stepTrace);
        }

        await().atMost(Duration.ofSeconds(READ_BOUND_SECONDS)).until(() -> store.commands.size() == 2);
        SpanData verify = span("command 02-verify");
        assertThat(verify.getParentSpanId())
                .as("the deployer's step")
                .isEqualTo(step.getSpanContext().getSpanId());
        assertThat(spanOf(store.commandTraces.get(1))).isEqualTo(verify.getSpanId());
        assertThat(spans.getFinishedSpanItems())
                .extracting(SpanData::getTraceId)
                .as("one trace")
                .containsOnly(request.getSpanContext().getTraceId());
        assertThat(store.appendTraces)
                .as("every record the gateway wrote for the run")
                .allSatisfy(trace -> assertThat(
                                Span.fromContext(trace).getSpanContext().getTraceId())
                        .isEqualTo(request.getSpanContext().getTraceId()));
    }

    private SpanData span(String name) {
        return await().atMost(Duration.ofSeconds(READ_BOUND_SECONDS))
                .until(
                        () -> spans.getFinishedSpanItems().stream()
                                .filter(s -> s.getName().equals(name))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    private static String spanOf(Context trace) {
        return Span.fromContext(trace).getSpanContext().getSpanId();
    }

    private static RunSpec spec() {
        return new RunSpec(
                new ClusterSpec("local", "c", null, null, null),
                null,
                List.of(StepSpec.of("verify")),
                new RunOptions(true, null, null, null));
    }

    /** Takes every event at once, unless told to hold the next one until released. */
    private static final class ScriptedStore implements EventStore {

        final List<CloudEvent> appended = new CopyOnWriteArrayList<>();
        final List<Context> appendTraces = new CopyOnWriteArrayList<>();
        final List<CloudEvent> commands = new CopyOnWriteArrayList<>();
        final List<Context> commandTraces = new CopyOnWriteArrayList<>();
        private volatile CountDownLatch hold = new CountDownLatch(0);
        private final CountDownLatch held = new CountDownLatch(1);
        private volatile boolean holdNext;
        private volatile Consumer<CloudEvent> onAppend = event -> {};

        @Override
        public void append(CloudEvent event, Context trace) {
            if (holdNext) {
                holdNext = false;
                held.countDown();
                try {
                    hold.await(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            appended.add(event);
            appendTraces.add(trace);
            onAppend.accept(event);
        }

        @Override
        public void command(String topic, CloudEvent event, Context trace) {
            commands.add(event);
            commandTraces.add(trace);
        }

        void holdNextAppend() {
            hold = new CountDownLatch(1);
            holdNext = true;
        }

        void awaitHeld() throws InterruptedException {
            assertThat(held.await(READ_BOUND_SECONDS, TimeUnit.SECONDS))
                    .as("the publish reached the store")
                    .isTrue();
        }

        void release() {
            hold.countDown();
        }

        void onAppend(Consumer<CloudEvent> consumer) {
            onAppend = consumer;
        }
    }
}
