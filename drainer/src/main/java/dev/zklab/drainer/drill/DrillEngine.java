package dev.zklab.drainer.drill;

import dev.zklab.contracts.evidence.Check;
import dev.zklab.contracts.evidence.DrainEvidence;
import dev.zklab.contracts.evidence.DrainEvidence.DrainAction;
import dev.zklab.contracts.evidence.DrainEvidence.DrainForecast;
import dev.zklab.contracts.evidence.MemberFacts;
import dev.zklab.contracts.evidence.ProbeEvidence;
import dev.zklab.drainer.plan.DrillOptions;
import dev.zklab.drainer.plan.DrillSequence;
import dev.zklab.drainer.preflight.Preflight;
import dev.zklab.drainer.probe.SteadyStateProbe;
import dev.zklab.members.MemberAccess;
import dev.zklab.support.wait.Deadline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Runs one drill: its sequence of disruptions, whatever their kinds, with the preflight's prediction of each, the
 * steady-state probe measuring throughout (a phase per action), what the drill holds renewed while it runs, everything
 * restored at the end whatever happens (a failure, a cancelled run), then the ensemble awaited Ready with its quorum
 * whole, and the checks. A drill delivered again after a crash goes on from the disruptions its earlier attempt began.
 */
public final class DrillEngine {

    /** How often a running drill says on what it holds that it is alive. */
    public static final Duration RENEW_EVERY = Duration.ofSeconds(10);

    static final String PROBE_ROOT = "/zklab/probe";

    /**
     * What a drill needs: its run, its ensemble and how to reach the members (for the probe), the kinds of disruption it
     * may make, and where to count and report.
     */
    public record Setup(
            String runId,
            String namespace,
            DrillOptions options,
            DrilledEnsemble ensemble,
            MemberAccess access,
            List<Disruption> kinds,
            DrainMetrics metrics,
            Consumer<String> progress) {}

    private final Setup setup;

    public DrillEngine(Setup setup) {
        this.setup = setup;
    }

    public DrainEvidence run(Deadline deadline) throws Exception {
        ScheduledExecutorService renewer = null;
        SteadyStateProbe probe = null;
        boolean restored = false;
        // Everything is inside the try: a drill resumed after a crash that fails before its first disruption (its
        // ensemble gone, its plan no longer valid) still restores what its earlier attempt held.
        try {
            DrillStart start = DrillStart.of(setup);
            DrillSequence sequence = setup.options()
                    .sequence(start.replicas(), start.snapshot().nodes().size());
            List<DrainForecast> predicted =
                    start.begun().isEmpty() ? DrillWalk.predict(setup, sequence, start) : List.of();
            if (start.resumed() == null) {
                DrillWalk.announce(setup, predicted);
            }
            renewer = renewing();
            probe = probe(start.replicas());
            if (start.begun().isEmpty()) {
                setup.ensemble().awaitReady(deadline);
            }
            DrillWalk walk = new DrillWalk(setup, start, sequence, predicted, probe, deadline);
            sequence.walk(walk::where, walk::act);
            if (sequence.endsHeld() && !walk.actions.isEmpty()) {
                walk.actions.add(holdDisrupted(walk.actions.get(walk.actions.size() - 1), probe, deadline));
            }
            walk.actions.addAll(restore(probe, walk.restored));
            restored = true;
            phase(probe, "recovery");
            setup.ensemble().awaitReady(deadline);
            List<MemberFacts> formed = setup.ensemble().awaitQuorum(deadline);
            ProbeEvidence probed = probe == null ? null : probe.finish(deadline.within(Duration.ofSeconds(60)));
            if (probed != null) {
                setup.metrics().measured(probed);
            }
            List<Check> checks = checks(walk.actions, probed, formed, start.guarded());
            return new DrainEvidence(
                    setup.namespace(),
                    Preflight.plan(setup.options(), walk.forecasts),
                    false,
                    start.cordonedBefore(),
                    walk.forecasts,
                    walk.actions,
                    walk.restored,
                    probed,
                    checks,
                    start.resumed());
        } finally {
            if (renewer != null) {
                renewer.shutdownNow();
            }
            if (probe != null) {
                probe.close();
            }
            if (!restored) {
                restoreQuietly();
            }
        }
    }

    /**
     * After a drill that ended on a disruption nothing refused although a member was Pending (an ensemble without its
     * budget): what it holds stays disrupted until the last disruption has lasted as long as a budget's refusals would
     * have held it, as a maintenance would keep it, so the probe measures the lost quorum as it lasts.
     */
    private DrainAction holdDisrupted(DrainAction last, SteadyStateProbe probe, Deadline deadline) {
        Instant started = Instant.now();
        Duration rest = setup.options().blockedWait().minus(Duration.between(last.started(), started));
        List<String> held =
                setup.kinds().stream().flatMap(k -> k.held().stream()).sorted().toList();
        phase(probe, "hold (" + held.size() + " nodes drained)");
        String detail = "no budget refused " + last.action() + " though a member was Pending: the drained nodes " + held
                + " held for the drill's blocked wait ("
                + setup.options().blockedWait().toSeconds() + " s from that drain)";
        setup.progress().accept(detail);
        if (!rest.isNegative()) {
            deadline.sleep(rest, "holding the drained nodes " + held);
        }
        return new DrainAction(
                "hold", String.join(", ", held), started, Instant.now(), List.of(), List.of(), List.of(), detail);
    }

    /**
     * Every kind's disruptions undone, one action each in the evidence ({@code uncordon}: restored [worker-1]); what was
     * restored is added to {@code restored}.
     */
    private List<DrainAction> restore(SteadyStateProbe probe, List<String> all) {
        List<DrainAction> restores = new ArrayList<>();
        for (Disruption kind : setup.kinds()) {
            phase(probe, kind.forecaster().undoVerb());
            Instant started = Instant.now();
            List<String> restored = kind.restoreAll();
            all.addAll(restored);
            restores.add(new DrainAction(
                    kind.forecaster().undoVerb(),
                    String.join(", ", restored),
                    started,
                    Instant.now(),
                    List.of(),
                    List.of(),
                    List.of(),
                    restored.isEmpty() ? "nothing to restore" : "restored " + restored));
        }
        return restores;
    }

    private void restoreQuietly() {
        for (Disruption kind : setup.kinds()) {
            try {
                kind.restoreAll();
            } catch (RuntimeException e) {
                setup.progress()
                        .accept("could not restore what this drill's "
                                + kind.forecaster().verb() + " holds now (" + e.getMessage()
                                + "); the cleanup step and the drainer's recovery try again");
            }
        }
    }

    private List<Check> checks(
            List<DrainAction> actions, ProbeEvidence probed, List<MemberFacts> formed, boolean guarded) {
        List<Check> checks = new ArrayList<>();
        setup.kinds().forEach(k -> checks.addAll(k.outcomeChecks(actions)));
        checks.addAll(DrillChecks.probe(probed, guarded, setup.namespace()));
        setup.kinds().forEach(k -> checks.addAll(k.restoredChecks(actions)));
        checks.add(DrillChecks.quorumWhole(formed));
        return checks;
    }

    private ScheduledExecutorService renewing() {
        ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "drill-renew-" + setup.runId());
            t.setDaemon(true);
            return t;
        });
        renewer.scheduleWithFixedDelay(
                () -> setup.kinds().forEach(Disruption::renew),
                RENEW_EVERY.toMillis(),
                RENEW_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        return renewer;
    }

    private SteadyStateProbe probe(int replicas) throws Exception {
        if (setup.options().probeRate() <= 0) {
            return null;
        }
        return SteadyStateProbe.start(
                setup.access(),
                IntStream.range(0, replicas).boxed().toList(),
                PROBE_ROOT + "/" + setup.runId() + "/" + System.currentTimeMillis(),
                setup.options().probeRate(),
                setup.metrics().registry(),
                "before the drill");
    }

    static void phase(SteadyStateProbe probe, String name) {
        if (probe != null) {
            probe.phase(name);
        }
    }
}
