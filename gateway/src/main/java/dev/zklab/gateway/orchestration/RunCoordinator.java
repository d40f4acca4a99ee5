package dev.zklab.gateway.orchestration;

import dev.zklab.contracts.api.RunPage;
import dev.zklab.contracts.api.RunStatus;
import dev.zklab.contracts.api.RunUpdate;
import dev.zklab.contracts.api.RunView;
import dev.zklab.contracts.events.CloudEvent;
import dev.zklab.contracts.events.EventCodec;
import dev.zklab.contracts.events.RunCancelled;
import dev.zklab.contracts.events.RunCompleted;
import dev.zklab.contracts.events.RunEvent;
import dev.zklab.contracts.events.RunRequested;
import dev.zklab.contracts.events.StepRequested;
import dev.zklab.contracts.messaging.Service;
import dev.zklab.contracts.messaging.Topics;
import dev.zklab.contracts.run.RunSpec;
import dev.zklab.contracts.run.Step;
import dev.zklab.gateway.GatewayConfig;
import dev.zklab.gateway.eventlog.EventLog;
import dev.zklab.gateway.eventlog.EventStore;
import dev.zklab.gateway.runs.RunProjection;
import dev.zklab.support.tracing.RunSpans;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Coordinates runs: keeps the run projection up to date from the events topic, and once it has
 * caught up, takes the decisions of {@code RunDecisions} (request the next step, retry, time out,
 * complete) and publishes them.
 *
 * <p>Two rules keep it correct and responsive. Decisions are taken on one thread, the decider, so
 * they are taken on a consistent state and never twice; starting and cancelling a run go through it
 * too. The projection is guarded by a lock that is held only for work in memory, never while waiting
 * for Kafka: a slow broker delays decisions, never a read.
 */
@ApplicationScoped
public class RunCoordinator {

    private static final Logger LOG = Logger.getLogger(RunCoordinator.class);
    private static final int MAX_DECISIONS_PER_ACT = 100;

    private final RunProjection projection = new RunProjection();
    /** Guards {@link #projection}; never held while Kafka is waited for. */
    private final Object state = new Object();

    private final EventCodec codec = new EventCodec();
    private final Clock clock = Clock.systemUTC();
    private final Duration tick;
    private final RunMetrics metrics;
    private final Tracer tracer;
    private final RunTraces traces = new RunTraces();
    private final ScheduledExecutorService decider;
    private GatewayConfig config;
    private String bootstrap;
    private EventLog log;
    private EventStore store;
    private volatile boolean caughtUp;
    private volatile Instant startedAt;

    @Inject
    public RunCoordinator(
            GatewayConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
            RunMetrics metrics,
            OpenTelemetry telemetry) {
        this(metrics, config.tick(), telemetry.getTracer(RunSpans.TRACER));
        this.config = config;
        this.bootstrap = bootstrap;
    }

    /** A coordinator that publishes to {@code store}, fed events by whoever calls {@link #onEvent} (tests). */
    RunCoordinator(EventStore store, RunMetrics metrics, Duration tick, Tracer tracer) {
        this(metrics, tick, tracer);
        this.store = store;
        this.startedAt = clock.instant();
        projection.addListener(change -> metrics.record(change, caughtUp));
    }

    private RunCoordinator(RunMetrics metrics, Duration tick, Tracer tracer) {
        this.metrics = metrics;
        this.tick = tick;
        this.tracer = tracer;
        this.decider = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "run-decider"));
    }

    void start(@Observes StartupEvent ignored) {
        startedAt = clock.instant();
        log = new EventLog(bootstrap, codec);
        store = log;
        log.createTopics(config.topicPartitions());
        projection.addListener(change -> metrics.record(change, caughtUp));
        log.read(this::onEvent, this::onCaughtUp, malformed -> metrics.deadLettered());
        decider.scheduleWithFixedDelay(this::tick, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent ignored) {
        decider.shutdownNow();
        if (log != null) {
            log.close();
        }
    }

    /**
     * Whether the history has been rebuilt from the events topic. Until then runs can be neither
     * started nor read (503): a half-replayed history would show runs in states they have left.
     */
    public boolean caughtUp() {
        return caughtUp;
    }

    /**
     * An event read from the events topic: applied at once, acted upon by the decider. The gateway's own
     * events come back this way too; the projection ignores an event it has applied already.
     */
    void onEvent(CloudEvent event, RunEvent payload, Context trace) {
        synchronized (state) {
            projection.apply(event, payload);
        }
        if (payload instanceof RunCompleted) {
            traces.forget(payload.runId());
        } else {
            traces.remember(payload.runId(), trace);
        }
        if (caughtUp) {
            decider.execute(() -> actOrLeaveToTick(payload.runId()));
        }
    }

    void onCaughtUp() {
        List<String> unfinished;
        synchronized (state) {
            caughtUp = true;
            unfinished = projection.unfinished();
            Duration took = Duration.between(startedAt, clock.instant());
            metrics.historyRebuilt(took, projection.size());
            LOG.infof("run history rebuilt in %d ms: %d unfinished runs", took.toMillis(), unfinished.size());
        }
        decider.execute(() -> unfinished.forEach(this::actOrLeaveToTick));
    }

    private void tick() {
        if (caughtUp) {
            read(RunProjection::unfinished).forEach(this::actOrLeaveToTick);
        }
    }

    /** On the decider: takes every decision the run's state calls for now, applying each before taking the next. */
    private void act(String runId) {
        for (int i = 0; i < MAX_DECISIONS_PER_ACT; i++) {
            List<RunEvent> decisions = read(p -> p.decide(runId, clock.instant()));
            if (decisions.isEmpty()) {
                return;
            }
            decisions.forEach(this::publish);
        }
        LOG.errorf(
                "run %s: more than %d decisions in a row; stopping to look again at the next tick",
                runId, MAX_DECISIONS_PER_ACT);
    }

    /**
     * A decision that cannot be published now (Kafka hiccup) is taken again at the next tick; a command
     * that was lost is caught by its step's timeout.
     */
    private void actOrLeaveToTick(String runId) {
        try {
            act(runId);
        } catch (RuntimeException e) {
            LOG.errorf(e, "run %s: acting on it failed; the next tick tries again", runId);
        }
    }

    /**
     * On the decider: writes an event to the log (then, for a command, to its service) and applies it
     * at once, not waiting for the events reader to bring it back. The lock is not held while Kafka
     * takes the event.
     */
    private void publish(RunEvent payload) {
        CloudEvent event = codec.wrap(Service.GATEWAY, payload);
        Context trace = traces.of(payload.runId());
        // A command is a span of the run's trace, under what led to it; the step service's span of the step is its
        // child.
        Span command = payload instanceof StepRequested requested
                ? tracer.spanBuilder(RunSpans.command(requested.stepId()))
                        .setParent(trace)
                        .setSpanKind(SpanKind.PRODUCER)
                        .setAttribute(RunSpans.RUN_ID, requested.runId())
                        .setAttribute(RunSpans.STEP_ID, requested.stepId())
                        .setAttribute(RunSpans.ATTEMPT, (long) requested.attempt())
                        .startSpan()
                : Span.getInvalid();
        trace = command.getSpanContext().isValid() ? trace.with(command) : trace;
        try {
            store.append(event, trace);
            synchronized (state) {
                projection.apply(event, payload);
            }
            if (payload instanceof StepRequested requested) {
                Service owner = Step.byId(requested.step()).orElseThrow().owner();
                store.command(Topics.commands(owner), event, trace);
            } else if (payload instanceof RunCancelled) {
                for (Service service :
                        List.of(Service.PROVISIONER, Service.DEPLOYER, Service.VERIFIER, Service.DRAINER)) {
                    store.command(Topics.commands(service), event, trace);
                }
            }
        } finally {
            command.end();
        }
    }

    /** Starts a run for {@code requestedBy}, or returns the run already started with the same idempotency key. */
    public RunView create(RunSpec spec, String idempotencyKey, String requestedBy) {
        requireCaughtUp();
        // The request's context (its HTTP span, with tracing on): the run's span is its child.
        Context request = Context.current();
        String runId = onDecider(() -> {
            if (idempotencyKey != null) {
                Optional<RunView> existing =
                        read(p -> p.runForIdempotencyKey(idempotencyKey).flatMap(p::view));
                if (existing.isPresent()) {
                    if (!existing.get()
                            .spec()
                            .equals(spec.withDefaults(existing.get().id()))) {
                        throw new IdempotencyConflictException(
                                idempotencyKey, existing.get().id());
                    }
                    return existing.get().id();
                }
            }
            String id = UUID.randomUUID().toString();
            RunSpec withDefaults = spec.withDefaults(id);
            String namespace = withDefaults.ensemble().namespace();
            Optional<String> sharing =
                    read(p -> p.unfinishedRunIn(withDefaults.cluster().ref(), namespace));
            if (sharing.isPresent()) {
                throw new NamespaceInUseException(
                        namespace,
                        withDefaults.cluster().ref().provider() + "/"
                                + withDefaults.cluster().ref().name(),
                        sharing.get());
            }
            Span run = tracer.spanBuilder(RunSpans.run())
                    .setParent(request)
                    .setAttribute(RunSpans.RUN_ID, id)
                    .startSpan();
            traces.remember(id, request.with(run));
            try {
                publish(new RunRequested(id, withDefaults, idempotencyKey, clock.instant(), requestedBy));
                actOrLeaveToTick(id);
            } finally {
                run.end();
            }
            return id;
        });
        return view(runId).orElseThrow();
    }

    /** Cancels a run that has not ended, for {@code cancelledBy}; its cleanup steps still run. */
    public RunView cancel(String runId, String reason, String cancelledBy) {
        requireCaughtUp();
        onDecider(() -> {
            RunView run = view(runId).orElseThrow(() -> new UnknownRunException(runId));
            if (run.state().isFinal()) {
                throw new RunAlreadyEndedException(runId, run.state());
            }
            publish(new RunCancelled(runId, reason, cancelledBy));
            actOrLeaveToTick(runId);
            return runId;
        });
        return view(runId).orElseThrow();
    }

    public Optional<RunView> view(String runId) {
        return read(p -> p.view(runId));
    }

    /** Runs newest first, optionally of one state and whose ids start with {@code idPrefix}. */
    public RunPage list(Optional<RunStatus> status, Optional<String> idPrefix, int page, int size) {
        return read(p -> p.list(status, idPrefix, page, size));
    }

    public List<RunUpdate> history(String runId) {
        return read(p -> p.history(runId));
    }

    /**
     * Runs {@code read} on the projection under its lock (work in memory only: never wait in it); refused while the
     * history is being rebuilt. Listeners added in it see every change after what it read.
     */
    <T> T read(Function<RunProjection, T> read) {
        requireCaughtUp();
        synchronized (state) {
            return read.apply(projection);
        }
    }

    /** Runs a change on the decider and waits for it; its exceptions are the caller's. */
    private <T> T onDecider(Callable<T> change) {
        try {
            return decider.submit(change).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the decider worked", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void requireCaughtUp() {
        if (!caughtUp) {
            throw new NotReadyException();
        }
    }

    /** Stops the decider (tests; the service stops it on shutdown). */
    void close() {
        decider.shutdownNow();
    }
}
