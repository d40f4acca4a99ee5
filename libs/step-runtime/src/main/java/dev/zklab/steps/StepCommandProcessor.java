package dev.zklab.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zklab.clusters.ClusterResolver;
import dev.zklab.contracts.events.CloudEvent;
import dev.zklab.contracts.events.EventCodec;
import dev.zklab.contracts.events.MalformedEventException;
import dev.zklab.contracts.events.RunCancelled;
import dev.zklab.contracts.events.RunEvent;
import dev.zklab.contracts.events.StepFailed;
import dev.zklab.contracts.events.StepRequested;
import dev.zklab.contracts.events.StepStarted;
import dev.zklab.contracts.events.StepSucceeded;
import dev.zklab.contracts.evidence.Evidence;
import dev.zklab.contracts.run.Step;
import dev.zklab.support.tracing.RunSpans;
import dev.zklab.support.tracing.TraceHeaders;
import dev.zklab.support.wait.CancelledException;
import dev.zklab.support.wait.TimedOutException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The heart of a step service: takes a message from its command topic, runs the step once (a command
 * delivered twice does not run twice), and publishes StepStarted, then StepSucceeded or StepFailed.
 * A command is acknowledged — its offset may be committed — only once its outcome is on the events
 * topic: a service that dies in the middle of a step gets the command again when it comes back and
 * runs it again (every step is safe to run twice). An outcome that cannot be published is tried
 * again until it is. A message that is not a zklab command is nacked, which sends it to the
 * dead-letter topic, and counted; the consumer goes on.
 */
@ApplicationScoped
public class StepCommandProcessor {

    private static final Logger LOG = Logger.getLogger(StepCommandProcessor.class);
    /**
     * A command older than its step's timeout by this much was failed as timed out by the gateway long
     * ago (it comes back after a long outage): running it now would only disturb the run's later steps.
     */
    static final Duration STALE_AFTER = Duration.ofMinutes(1);

    private final EventCodec codec = new EventCodec();
    private final EventSink publisher;
    private final ServiceConfig config;
    private final Map<Step, StepHandler> handlers = new ConcurrentHashMap<>();
    private final RecentKeys seen;
    private final RecentKeys cancelledRuns;
    private final ExecutorService workers;
    private final MeterRegistry registry;
    private final Counter deadLettered;
    private final Counter duplicates;
    private final StepEvents events;
    private final ClusterResolver clusters;
    private final MembersConfig members;
    private final Clock clock;
    private final Tracer tracer;
    private volatile boolean stopping;

    @Inject
    public StepCommandProcessor(
            EventSink publisher,
            ServiceConfig config,
            Instance<StepHandler> handlers,
            MeterRegistry registry,
            ClusterResolver clusters,
            MembersConfig members,
            OpenTelemetry telemetry) {
        this(
                publisher,
                config,
                handlers.stream().toList(),
                registry,
                clusters,
                members,
                Clock.systemUTC(),
                telemetry.getTracer(RunSpans.TRACER));
    }

    StepCommandProcessor(
            EventSink publisher,
            ServiceConfig config,
            Collection<StepHandler> handlers,
            MeterRegistry registry,
            ClusterResolver clusters,
            MembersConfig members,
            Clock clock,
            Tracer tracer) {
        this.publisher = publisher;
        this.clusters = clusters;
        this.members = members;
        this.tracer = tracer;
        this.config = config;
        this.registry = registry;
        this.clock = clock;
        handlers.forEach(h -> this.handlers.put(h.step(), h));
        this.seen = new RecentKeys(config.rememberedCommands());
        this.cancelledRuns = new RecentKeys(config.rememberedCommands());
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(
                config.concurrentSteps(),
                r -> new Thread(r, config.name().id() + "-step-" + threads.incrementAndGet()));
        String service = config.name().id();
        this.deadLettered = Counter.builder("zklab.dead.lettered.messages")
                .description("Messages that could not be parsed and went to the dead-letter topic")
                .tag("service", service)
                .register(registry);
        this.duplicates = Counter.builder("zklab.duplicate.commands")
                .description("Commands delivered again while this service remembered them; they were not run twice")
                .tag("service", service)
                .register(registry);
        this.events = new StepEvents(
                publisher,
                Counter.builder("zklab.publish.failures")
                        .description(
                                "Attempts to publish a lifecycle event that the broker did not take; each is tried again")
                        .tag("service", service)
                        .register(registry),
                () -> stopping);
    }

    @PreDestroy
    void stop() {
        stopping = true;
        workers.shutdownNow();
    }

    /**
     * Handles one message of the command topic. The returned stage completes at once, so that the
     * next command (a cancellation, say) is not held up; the message itself is acknowledged later,
     * when the step's outcome is published.
     */
    public CompletionStage<Void> process(Message<String> message) {
        EventCodec.Decoded decoded;
        try {
            decoded = codec.read(message.getPayload());
        } catch (MalformedEventException e) {
            deadLettered.increment();
            LOG.warnf("dead-lettering an unparseable command: %s", e.getMessage());
            return message.nack(e);
        }
        RunEvent payload = decoded.payload();
        if (payload instanceof RunCancelled cancelled) {
            cancelledRuns.add(cancelled.runId());
            return message.ack();
        }
        if (!(payload instanceof StepRequested command)) {
            deadLettered.increment();
            MalformedEventException e = new MalformedEventException(
                    "a command topic carries " + decoded.envelope().type() + ", which is not a command", null);
            LOG.warn(e.getMessage());
            return message.nack(e);
        }
        if (!seen.add(command.runId() + "/" + command.stepId() + "/" + command.attempt())) {
            duplicates.increment();
            LOG.infof(
                    "run %s: ignoring a second delivery of %s attempt %d",
                    command.runId(), command.stepId(), command.attempt());
            return message.ack();
        }
        if (stale(decoded.envelope(), command)) {
            LOG.warnf(
                    "run %s: not running %s attempt %d, requested at %s: its %d s timeout passed long ago, so the"
                            + " gateway has failed it",
                    command.runId(),
                    command.stepId(),
                    command.attempt(),
                    decoded.envelope().time(),
                    command.timeoutSeconds());
            return message.ack();
        }
        // The command's trace context (the gateway's span of it) is the parent of this step's span.
        Context parent = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> TraceHeaders.extract(m.getHeaders()))
                .orElse(Context.root());
        workers.submit(() -> {
            if (execute(command, parent)) {
                message.ack();
            }
        });
        return CompletableFuture.completedFuture(null);
    }

    /** Whether the service remembers the run as cancelled (its running steps stop at their next wait). */
    boolean cancelled(String runId) {
        return cancelledRuns.contains(runId);
    }

    private boolean stale(CloudEvent envelope, StepRequested command) {
        return envelope.time() != null
                && envelope.time()
                        .plusSeconds(command.timeoutSeconds())
                        .plus(STALE_AFTER)
                        .isBefore(clock.instant());
    }

    /**
     * Runs the step and publishes its lifecycle; true once the outcome is on the events topic. The step is one
     * span, a child of its command's; every event it publishes carries it.
     */
    private boolean execute(StepRequested command, Context parent) {
        MDC.put("runId", command.runId());
        MDC.put("step", command.stepId());
        Timer.Sample sample = Timer.start(registry);
        String outcome = "failed";
        Span span = tracer.spanBuilder(RunSpans.step(command.stepId()))
                .setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(RunSpans.RUN_ID, command.runId())
                .setAttribute(RunSpans.STEP_ID, command.stepId())
                .setAttribute(RunSpans.ATTEMPT, (long) command.attempt())
                .setAttribute(RunSpans.SERVICE, config.name().id())
                .startSpan();
        Context trace = parent.with(span);
        try {
            if (!events.untilTaken(
                    new StepStarted(
                            command.runId(),
                            command.stepId(),
                            command.attempt(),
                            config.name().id()),
                    trace)) {
                return false;
            }
            StepResult result;
            try (Scope scope = trace.makeCurrent()) {
                result = run(command, trace);
            }
            RunEvent event;
            if (result instanceof StepResult.Succeeded ok) {
                outcome = "succeeded";
                event = new StepSucceeded(
                        command.runId(), command.stepId(), command.attempt(), (JsonNode) ok.evidence());
            } else {
                StepResult.Failed failed = (StepResult.Failed) result;
                span.setStatus(StatusCode.ERROR, failed.reason());
                event = new StepFailed(
                        command.runId(),
                        command.stepId(),
                        command.attempt(),
                        failed.reason(),
                        failed.retryable(),
                        (JsonNode) failed.evidence());
            }
            return events.untilTaken(event, trace);
        } finally {
            span.end();
            sample.stop(Timer.builder("zklab.step.duration")
                    .description("Time a step service spent on one attempt of a step")
                    .tags("service", config.name().id(), "step", command.step(), "outcome", outcome)
                    .publishPercentileHistogram()
                    .register(registry));
            MDC.remove("runId");
            MDC.remove("step");
        }
    }

    private StepResult run(StepRequested command, Context trace) {
        Optional<Step> step = Step.byId(command.step());
        if (step.isEmpty() || step.get().owner() != config.name()) {
            return StepResult.failed(
                    "step '" + command.step() + "' is not done by the "
                            + config.name().id() + "; its command went to the wrong topic",
                    false);
        }
        StepHandler handler = handlers.get(step.get());
        if (handler == null) {
            return StepResult.failed("not implemented yet: " + command.step(), false);
        }
        // A cleanup step (uncordon, teardown) runs to its end when its run is cancelled: that is what it is for.
        try (StepContext context = new StepContext(
                command,
                message -> events.progress(command, message, trace),
                () -> !command.cleanup() && cancelledRuns.contains(command.runId()),
                clusters,
                members)) {
            // Evidence becomes JSON here, inside the step's try: evidence Jackson cannot write fails the step, saying
            // why, instead of escaping the worker with the command left without an outcome.
            StepResult result = handler.run(context);
            return result instanceof StepResult.Succeeded ok
                    ? StepResult.succeeded(Evidence.tree(ok.evidence()))
                    : new StepResult.Failed(
                            ((StepResult.Failed) result).reason(),
                            ((StepResult.Failed) result).retryable(),
                            Evidence.tree(((StepResult.Failed) result).evidence()));
        } catch (CancelledException | TimedOutException e) {
            // Expected ends of a step: the message says it all, a stack trace would only bury it.
            LOG.warnf("run %s: step %s stopped: %s", command.runId(), command.stepId(), e.getMessage());
            return StepResult.failed(e.getMessage(), false);
        } catch (Exception | Error e) {
            // An Error too (a class missing from the build, a stack overflow): left to the worker thread it
            // would vanish, and the command would stay unacknowledged with no outcome for the gateway.
            LOG.errorf(e, "run %s: step %s failed", command.runId(), command.stepId());
            // The gateway prefixes the step's id; the reason is what went wrong and, where known, how to fix it.
            return StepResult.failed(e.getMessage() == null ? e.toString() : e.getMessage(), false);
        }
    }
}
