package dev.zklab.steps;

import dev.zklab.common.cluster.ClusterResolver;
import dev.zklab.common.events.EventCodec;
import dev.zklab.common.events.MalformedEventException;
import dev.zklab.common.events.RunCancelled;
import dev.zklab.common.events.RunEvent;
import dev.zklab.common.events.StepFailed;
import dev.zklab.common.events.StepProgress;
import dev.zklab.common.events.StepRequested;
import dev.zklab.common.events.StepStarted;
import dev.zklab.common.events.StepSucceeded;
import dev.zklab.common.run.Step;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The heart of a step service: takes a message from its command topic, runs the step once (a
 * command delivered twice does not run twice), and publishes StepStarted, then StepSucceeded or
 * StepFailed. A message that is not a zklab command is nacked, which sends it to the dead-letter
 * topic, and counted; the consumer goes on.
 */
@ApplicationScoped
public class StepCommandProcessor {

    private static final Logger LOG = Logger.getLogger(StepCommandProcessor.class);

    private final EventCodec codec = new EventCodec();
    private final EventPublisher publisher;
    private final ServiceConfig config;
    private final Map<Step, StepHandler> handlers = new ConcurrentHashMap<>();
    private final Set<String> seen;
    private final Set<String> cancelledRuns = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers;
    private final MeterRegistry registry;
    private final Counter deadLettered;

    private final ClusterResolver clusters;

    public StepCommandProcessor(EventPublisher publisher, ServiceConfig config, Instance<StepHandler> handlers,
            MeterRegistry registry, ClusterResolver clusters) {
        this.publisher = publisher;
        this.clusters = clusters;
        this.config = config;
        this.registry = registry;
        handlers.forEach(h -> this.handlers.put(h.step(), h));
        int remembered = config.rememberedCommands();
        this.seen = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > remembered;
            }
        }));
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(config.concurrentSteps(),
                r -> new Thread(r, config.name().id() + "-step-" + threads.incrementAndGet()));
        this.deadLettered = Counter.builder("zklab_dead_lettered_messages")
                .description("Messages that could not be parsed and went to the dead-letter topic")
                .tag("service", config.name().id())
                .register(registry);
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    /** Handles one message of the command topic; the returned stage acks or nacks it. */
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
            MalformedEventException e = new MalformedEventException("a command topic carries "
                    + decoded.envelope().type() + ", which is not a command", null);
            LOG.warn(e.getMessage());
            return message.nack(e);
        }
        if (!seen.add(command.runId() + "/" + command.stepId() + "/" + command.attempt())) {
            LOG.infof("run %s: ignoring a second delivery of %s attempt %d", command.runId(), command.stepId(),
                    command.attempt());
            return message.ack();
        }
        // Steps take minutes: the message is acked once the step is handed to a worker; the gateway's
        // step timeout covers a service that dies while it runs.
        workers.submit(() -> execute(command));
        return message.ack();
    }

    private void execute(StepRequested command) {
        MDC.put("runId", command.runId());
        MDC.put("step", command.stepId());
        Timer.Sample sample = Timer.start(registry);
        String outcome = "failed";
        try {
            publisher.publish(new StepStarted(command.runId(), command.stepId(), command.attempt(), config.name().id()));
            StepResult result = run(command);
            if (result instanceof StepResult.Succeeded ok) {
                outcome = "succeeded";
                publisher.publish(new StepSucceeded(command.runId(), command.stepId(), command.attempt(), ok.evidence()));
            } else if (result instanceof StepResult.Failed failed) {
                publisher.publish(new StepFailed(command.runId(), command.stepId(), command.attempt(), failed.reason(),
                        failed.retryable(), failed.evidence()));
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "run %s: publishing the outcome of %s failed", command.runId(), command.stepId());
        } finally {
            sample.stop(Timer.builder("zklab_step_duration")
                    .description("Time a step service spent on one attempt of a step")
                    .tags("service", config.name().id(), "step", command.step(), "outcome", outcome)
                    .publishPercentileHistogram()
                    .register(registry));
            MDC.remove("runId");
            MDC.remove("step");
        }
    }

    private StepResult run(StepRequested command) {
        Optional<Step> step = Step.byId(command.step());
        if (step.isEmpty() || step.get().owner() != config.name()) {
            return StepResult.failed("step '" + command.step() + "' is not done by the " + config.name().id()
                    + "; its command went to the wrong topic", false);
        }
        StepHandler handler = handlers.get(step.get());
        if (handler == null) {
            return StepResult.failed("not implemented yet: " + command.step(), false);
        }
        StepContext context = new StepContext(command,
                message -> publisher.publish(new StepProgress(command.runId(), command.stepId(), command.attempt(), message)),
                () -> cancelledRuns.contains(command.runId()), clusters);
        try {
            return handler.run(context);
        } catch (Exception e) {
            LOG.errorf(e, "run %s: step %s failed", command.runId(), command.stepId());
            // The gateway prefixes the step's id; the reason is what went wrong and, where known, how to fix it.
            return StepResult.failed(e.getMessage() == null ? e.toString() : e.getMessage(), false);
        }
    }
}
