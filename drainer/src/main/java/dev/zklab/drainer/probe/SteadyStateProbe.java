package dev.zklab.drainer.probe;

import dev.zklab.contracts.evidence.ProbeEvidence;
import dev.zklab.members.EnsembleConnection;
import dev.zklab.members.MemberAccess;
import dev.zklab.members.ZooKeeperTimeouts;
import dev.zklab.support.wait.Deadline;
import dev.zklab.support.wait.Poll;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.zookeeper.KeeperException;

/**
 * A ZooKeeper client over all members, as an application's would be, writing and reading at a fixed
 * rate while the drill runs; every operation is recorded with its outcome and latency. Writes create
 * one znode per value under the probe's root ({@code /zklab/probe/<run>/<value>}); reads read the root.
 * Operations are sent without waiting for the previous one (the rate holds through an outage); one that
 * gets no answer within {@link #OPERATION_TIMEOUT} is {@code UNKNOWN}. The client never retries: what
 * the probe measures is what an application's single attempt sees. At the end, a final read of the root
 * decides Jepsen's set check.
 */
public final class SteadyStateProbe implements AutoCloseable {

    public static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(3);
    /** Session and connection timeouts of the probe's client; operations are never retried. */
    static final ZooKeeperTimeouts TIMEOUTS =
            new ZooKeeperTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ZERO);

    private final EnsembleConnection connection;
    private final String root;
    private final int rate;
    private final String via;
    private final long startedNanos = System.nanoTime();
    private final ScheduledExecutorService scheduler;
    private final ConcurrentLinkedQueue<Operation> operations = new ConcurrentLinkedQueue<>();
    private final List<ProbeStatistics.PhaseMark> marks = new ArrayList<>();
    private final AtomicLong ticks = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final MeterRegistry registry;
    private volatile String phase;
    private ScheduledFuture<?> ticking;

    private SteadyStateProbe(
            EnsembleConnection connection, String root, int rate, String via, MeterRegistry registry, String phase) {
        this.connection = connection;
        this.root = root;
        this.rate = rate;
        this.via = via;
        this.registry = registry;
        this.phase = phase;
        this.scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "probe");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Connects to the members (at most {@link #TIMEOUTS}'s connect timeout), creates the root and starts
     * operating in phase {@code firstPhase}.
     */
    public static SteadyStateProbe start(
            MemberAccess access,
            Collection<Integer> ordinals,
            String root,
            int rate,
            MeterRegistry registry,
            String firstPhase)
            throws Exception {
        if (rate < 1) {
            throw new IllegalArgumentException(
                    "the probe's rate is " + rate + " operations per second; give 1 or more");
        }
        EnsembleConnection connection = EnsembleConnection.open(access, ordinals, Optional.empty(), TIMEOUTS);
        try {
            connection.client().create().orSetData().creatingParentsIfNeeded().forPath(root, new byte[0]);
            SteadyStateProbe probe = new SteadyStateProbe(
                    connection,
                    root,
                    rate,
                    ordinals.size() + " members via " + access.describe(),
                    registry,
                    firstPhase);
            probe.marks.add(new ProbeStatistics.PhaseMark(firstPhase, 0));
            probe.ticking =
                    probe.scheduler.scheduleAtFixedRate(probe::tick, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
            return probe;
        } catch (Exception e) {
            connection.close();
            throw e;
        }
    }

    /** Operations from now on count for {@code name}. */
    public synchronized void phase(String name) {
        phase = name;
        marks.add(new ProbeStatistics.PhaseMark(name, now()));
    }

    /** The operations so far (a copy). */
    public List<Operation> operations() {
        return List.copyOf(operations);
    }

    /**
     * Stops operating, lets the operations in flight end, reads the root until a read succeeds (within
     * {@code deadline}) and returns the figures and the set check.
     */
    public ProbeEvidence finish(Deadline deadline) {
        if (ticking != null) {
            ticking.cancel(false);
        }
        long ended = now();
        Deadline.in(OPERATION_TIMEOUT.plusSeconds(1))
                .settle("the probe's operations in flight to end", Deadline.POLL, inFlight::get, n -> n == 0);
        List<Operation> done = operations();
        ProbeEvidence.SetCheck set;
        try {
            List<Long> read = deadline.until("a final read of " + root + " through " + via, () -> {
                try {
                    CuratorFramework client = connection.client();
                    client.sync().forPath(root);
                    return Poll.done(client.getChildren().forPath(root).stream()
                            .map(Long::parseLong)
                            .toList());
                } catch (KeeperException e) {
                    return Poll.pending(e.getMessage());
                }
            });
            set = ProbeStatistics.setCheck(done, read);
        } catch (RuntimeException e) {
            set = ProbeStatistics.unread(done, "no final read: " + e.getMessage());
        } catch (Exception e) {
            set = ProbeStatistics.unread(done, "no final read: " + e);
        }
        List<ProbeStatistics.PhaseMark> phases;
        synchronized (this) {
            phases = List.copyOf(marks);
        }
        return new ProbeEvidence(
                rate,
                via,
                ProbeStatistics.phases(done, phases, ended),
                ProbeStatistics.phase("overall", 0, ended, done),
                set);
    }

    @Override
    public void close() {
        if (ticking != null) {
            ticking.cancel(false);
        }
        scheduler.shutdownNow();
        connection.close();
    }

    private void tick() {
        long n = ticks.getAndIncrement();
        boolean write = n % 2 == 0;
        String current = phase;
        long started = now();
        long value = write ? n / 2 : -1;
        AtomicBoolean recorded = new AtomicBoolean();
        Operation.Kind kind = write ? Operation.Kind.WRITE : Operation.Kind.READ;
        inFlight.incrementAndGet();
        ScheduledFuture<?> timeout = scheduler.schedule(
                () -> record(recorded, kind, current, started, Operation.Outcome.UNKNOWN, value),
                OPERATION_TIMEOUT.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            CuratorFramework client = connection.client();
            if (write) {
                client.create()
                        .inBackground((c, event) -> answered(recorded, timeout, kind, current, started, value, event))
                        .forPath(
                                root + "/" + String.format("%010d", value),
                                Long.toString(value).getBytes(StandardCharsets.UTF_8));
            } else {
                client.getData()
                        .inBackground((c, event) -> answered(recorded, timeout, kind, current, started, value, event))
                        .forPath(root);
            }
        } catch (Exception e) {
            timeout.cancel(false);
            record(
                    recorded,
                    kind,
                    current,
                    started,
                    write ? Operation.Outcome.UNKNOWN : Operation.Outcome.FAILED,
                    value);
        }
    }

    private void answered(
            AtomicBoolean recorded,
            ScheduledFuture<?> timeout,
            Operation.Kind kind,
            String phase,
            long started,
            long value,
            CuratorEvent event) {
        timeout.cancel(false);
        KeeperException.Code code = KeeperException.Code.get(event.getResultCode());
        Operation.Outcome outcome;
        if (code == KeeperException.Code.OK) {
            outcome = Operation.Outcome.OK;
        } else if (kind == Operation.Kind.WRITE && indeterminate(code)) {
            outcome = Operation.Outcome.UNKNOWN;
        } else {
            outcome = Operation.Outcome.FAILED;
        }
        record(recorded, kind, phase, started, outcome, value);
    }

    /** A write that ended so may or may not have taken effect. */
    private static boolean indeterminate(KeeperException.Code code) {
        return code == KeeperException.Code.CONNECTIONLOSS
                || code == KeeperException.Code.OPERATIONTIMEOUT
                || code == KeeperException.Code.SESSIONEXPIRED
                || code == KeeperException.Code.SESSIONMOVED;
    }

    private void record(
            AtomicBoolean recorded,
            Operation.Kind kind,
            String phase,
            long started,
            Operation.Outcome outcome,
            long value) {
        if (!recorded.compareAndSet(false, true)) {
            return;
        }
        long ended = now();
        operations.add(new Operation(kind, phase, started, ended, outcome, value));
        inFlight.decrementAndGet();
        if (registry != null) {
            String k = kind.name().toLowerCase(java.util.Locale.ROOT);
            Counter.builder("zklab.probe.operations")
                    .description("operations of the steady-state probe, by kind and outcome")
                    .tag("kind", k)
                    .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry)
                    .increment();
            if (outcome == Operation.Outcome.OK) {
                Timer.builder("zklab.probe.latency")
                        .description("latency of the probe's successful operations")
                        .tag("kind", k)
                        .register(registry)
                        .record(Duration.ofMillis(ended - started));
            }
        }
    }

    private long now() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }
}
