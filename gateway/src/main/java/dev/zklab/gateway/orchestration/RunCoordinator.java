package dev.zklab.gateway.orchestration;

import dev.zklab.common.events.CloudEvent;
import dev.zklab.common.events.EventCodec;
import dev.zklab.common.events.RunCancelled;
import dev.zklab.common.events.RunEvent;
import dev.zklab.common.events.RunRequested;
import dev.zklab.common.events.StepRequested;
import dev.zklab.common.messaging.Service;
import dev.zklab.common.messaging.Topics;
import dev.zklab.common.run.RunSpec;
import dev.zklab.common.run.Step;
import dev.zklab.gateway.GatewayConfig;
import dev.zklab.gateway.runs.RunProjection;
import dev.zklab.gateway.runs.RunStatus;
import dev.zklab.gateway.runs.RunUpdate;
import dev.zklab.gateway.runs.RunView;
import dev.zklab.gateway.eventlog.EventLog;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Coordinates runs: keeps the run projection up to date from the events topic, and once it has
 * caught up, takes the decisions of {@code RunDecisions} (request the next step, retry, time out,
 * complete) and publishes them. Everything that reads or changes the projection holds this object's
 * lock, so decisions are taken on a consistent state and never twice.
 */
@ApplicationScoped
public class RunCoordinator {

    private static final Logger LOG = Logger.getLogger(RunCoordinator.class);
    private static final int MAX_DECISIONS_PER_ACT = 100;

    private final RunProjection projection = new RunProjection();
    private final Set<String> appliedLocally = new HashSet<>();
    private final EventCodec codec = new EventCodec();
    private final Clock clock = Clock.systemUTC();
    private final GatewayConfig config;
    private final String bootstrap;
    private final RunMetrics metrics;
    private EventLog log;
    private ScheduledExecutorService ticker;
    private volatile boolean caughtUp;
    private volatile Instant startedAt;

    public RunCoordinator(GatewayConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
            RunMetrics metrics) {
        this.config = config;
        this.bootstrap = bootstrap;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent ignored) {
        startedAt = clock.instant();
        log = new EventLog(bootstrap, codec);
        log.createTopics(config.topicPartitions());
        projection.addListener(change -> metrics.record(change, caughtUp));
        log.read(this::onEvent, this::onCaughtUp, malformed -> metrics.deadLettered());
        ticker = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "run-ticker"));
        ticker.scheduleWithFixedDelay(this::tick, config.tick().toMillis(), config.tick().toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (ticker != null) {
            ticker.shutdownNow();
        }
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

    private synchronized void onEvent(CloudEvent event, RunEvent payload) {
        if (appliedLocally.remove(event.id())) {
            return;
        }
        projection.apply(event, payload);
        if (caughtUp) {
            act(payload.runId());
        }
    }

    private synchronized void onCaughtUp() {
        caughtUp = true;
        Duration took = Duration.between(startedAt, clock.instant());
        metrics.historyRebuilt(took, projection.size());
        LOG.infof("run history rebuilt in %d ms: %d unfinished runs", took.toMillis(),
                projection.unfinished().size());
        projection.unfinished().forEach(this::act);
    }

    private synchronized void tick() {
        if (!caughtUp) {
            return;
        }
        try {
            projection.unfinished().forEach(this::act);
        } catch (RuntimeException e) {
            LOG.error("orchestration tick failed", e);
        }
    }

    /** Takes every decision the run's state calls for now, applying each before taking the next. */
    private void act(String runId) {
        for (int i = 0; i < MAX_DECISIONS_PER_ACT; i++) {
            List<RunEvent> decisions = projection.decide(runId, clock.instant());
            if (decisions.isEmpty()) {
                return;
            }
            decisions.forEach(this::publish);
        }
        LOG.errorf("run %s: more than %d decisions in a row; stopping to look again at the next tick", runId,
                MAX_DECISIONS_PER_ACT);
    }

    /**
     * The run exists once its event is written; if acting on it fails now (Kafka hiccup), the next
     * tick tries again, and a command that was lost is caught by its step's timeout.
     */
    private void actOrLeaveToTick(String runId) {
        try {
            act(runId);
        } catch (RuntimeException e) {
            LOG.errorf(e, "run %s: acting on it failed; the next tick tries again", runId);
        }
    }

    /** Writes an event to the log (then, for a command, to its service), and applies it at once. */
    private void publish(RunEvent payload) {
        CloudEvent event = log.publish(payload);
        appliedLocally.add(event.id());
        projection.apply(event, payload);
        if (payload instanceof StepRequested command) {
            Service owner = Step.byId(command.step()).orElseThrow().owner();
            log.command(Topics.commands(owner), event);
        } else if (payload instanceof RunCancelled) {
            for (Service service : List.of(Service.PROVISIONER, Service.DEPLOYER, Service.VERIFIER, Service.DRAINER)) {
                log.command(Topics.commands(service), event);
            }
        }
    }

    /** Starts a run, or returns the run already started with the same idempotency key. */
    public synchronized RunView create(RunSpec spec, String idempotencyKey) {
        requireCaughtUp();
        if (idempotencyKey != null) {
            Optional<RunView> existing = projection.runForIdempotencyKey(idempotencyKey).flatMap(projection::view);
            if (existing.isPresent()) {
                if (!existing.get().spec().equals(spec.withDefaults(existing.get().id()))) {
                    throw new IdempotencyConflictException(idempotencyKey, existing.get().id());
                }
                return existing.get();
            }
        }
        String runId = UUID.randomUUID().toString();
        publish(new RunRequested(runId, spec.withDefaults(runId), idempotencyKey, clock.instant()));
        actOrLeaveToTick(runId);
        return projection.view(runId).orElseThrow();
    }

    /** Cancels a run that has not ended; its cleanup steps still run. */
    public synchronized RunView cancel(String runId, String reason) {
        requireCaughtUp();
        RunView run = projection.view(runId).orElseThrow(() -> new UnknownRunException(runId));
        if (run.state().isFinal()) {
            throw new RunAlreadyEndedException(runId, run.state());
        }
        publish(new RunCancelled(runId, reason));
        actOrLeaveToTick(runId);
        return projection.view(runId).orElseThrow();
    }

    public synchronized Optional<RunView> view(String runId) {
        requireCaughtUp();
        return projection.view(runId);
    }

    public synchronized RunProjection.Page list(Optional<RunStatus> state, int page, int size) {
        requireCaughtUp();
        return projection.list(state, page, size);
    }

    public synchronized List<RunUpdate> history(String runId) {
        requireCaughtUp();
        return projection.history(runId);
    }

    /**
     * The run's events so far, then every new one as it is applied, until the run ends. Returns the
     * history; {@code live} gets the rest; call the returned handle to stop listening.
     */
    public synchronized Subscription follow(String runId, Consumer<RunUpdate> live, Runnable ended) {
        requireCaughtUp();
        RunView run = projection.view(runId).orElseThrow(() -> new UnknownRunException(runId));
        List<RunUpdate> history = projection.history(runId);
        if (run.state().isFinal()) {
            return new Subscription(history, () -> { }, true);
        }
        Consumer<RunProjection.Change> listener = change -> {
            if (change.runId().equals(runId)) {
                live.accept(change.update());
                if (change.after().isFinal()) {
                    ended.run();
                }
            }
        };
        projection.addListener(listener);
        return new Subscription(history, () -> projection.removeListener(listener), false);
    }

    /** What {@link #follow} returns. */
    public record Subscription(List<RunUpdate> history, Runnable cancel, boolean ended) {
    }

    private void requireCaughtUp() {
        if (!caughtUp) {
            throw new NotReadyException();
        }
    }
}
