package dev.zklab.drainer.drill;

import dev.zklab.contracts.evidence.DrainEvidence.DrainAction;
import dev.zklab.contracts.evidence.DrainEvidence.DrainForecast;
import dev.zklab.contracts.evidence.DrainEvidence.Fate;
import dev.zklab.contracts.evidence.DrainEvidence.PodForecast;
import dev.zklab.contracts.evidence.DrainEvidence.PodOutcome;
import dev.zklab.drainer.plan.DrillAction;
import dev.zklab.drainer.plan.DrillSequence;
import dev.zklab.drainer.preflight.Forecaster;
import dev.zklab.drainer.preflight.Preflight;
import dev.zklab.drainer.probe.SteadyStateProbe;
import dev.zklab.support.wait.Deadline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One walk of a drill's sequence on the cluster: each action done — a disruption by its kind, its undoing, a wait —
 * recorded and, when it disrupts, numbered; a drill resumed after a crash predicts the rest once it has done again the
 * last disruption its earlier attempt began.
 */
final class DrillWalk {

    private final DrillEngine.Setup setup;
    private final Map<String, Disruption> byVerb;
    private final Map<String, Disruption> byUndo;
    final DrillStart start;
    final DrillSequence sequence;
    final SteadyStateProbe probe;
    final Deadline deadline;
    final List<DrainAction> actions = new ArrayList<>();
    final List<String> restored = new ArrayList<>();
    List<DrainForecast> forecasts;
    int disruptions;

    DrillWalk(
            DrillEngine.Setup setup,
            DrillStart start,
            DrillSequence sequence,
            List<DrainForecast> forecasts,
            SteadyStateProbe probe,
            Deadline deadline) {
        this.setup = setup;
        this.byVerb = setup.kinds().stream()
                .collect(Collectors.toMap(k -> k.forecaster().verb(), Function.identity()));
        this.byUndo = setup.kinds().stream()
                .collect(Collectors.toMap(k -> k.forecaster().undoVerb(), Function.identity()));
        this.start = start;
        this.sequence = sequence;
        this.forecasts = forecasts;
        this.probe = probe;
        this.deadline = deadline;
    }

    /** Where a member is: while the drill goes again through what its earlier attempt began, where that was. */
    Optional<String> where(String member) {
        String begun = start.begun().get(disruptions + 1);
        return begun != null ? Optional.of(begun) : setup.ensemble().nodeOf(member);
    }

    List<Fate> act(DrillAction action) {
        Instant started = Instant.now();
        Disruption kind = byVerb.get(action.verb());
        if (kind != null) {
            return disrupt(kind, action);
        }
        DrillEngine.phase(probe, action.toString());
        if (byUndo.containsKey(action.verb())) {
            actions.add(byUndo.get(action.verb()).undo(action));
        } else if (DrillAction.WAIT.equals(action.verb()) && action.namesMember()) {
            setup.ensemble().awaitServing(action.target(), deadline);
            actions.add(new DrainAction(
                    action.toString(),
                    setup.ensemble().nodeOf(action.target()).orElse(null),
                    started,
                    Instant.now(),
                    List.of(),
                    List.of(),
                    List.of(),
                    action.target() + " is Ready and serving"));
        } else if (DrillAction.WAIT.equals(action.verb())) {
            setup.ensemble().awaitNodeReady(action.target(), deadline);
            actions.add(new DrainAction(
                    action.toString(),
                    action.target(),
                    started,
                    Instant.now(),
                    List.of(),
                    List.of(),
                    List.of(),
                    action.target() + " is Ready"));
        } else {
            throw new IllegalArgumentException("no disruption kind does '" + action + "'; the drill knows "
                    + byVerb.keySet() + ", their undoing " + byUndo.keySet() + " and " + DrillAction.WAIT);
        }
        return List.of();
    }

    private List<Fate> disrupt(Disruption kind, DrillAction action) {
        int index = ++disruptions;
        String node = Optional.ofNullable(start.begun().get(index))
                .or(() ->
                        action.namesMember() ? setup.ensemble().nodeOf(action.target()) : Optional.of(action.target()))
                .orElse(null);
        DrillEngine.phase(probe, action + (node == null ? "" : " (" + node + ")"));
        int begun = start.begun().isEmpty() ? 0 : start.begun().lastKey();
        int predictedAs = index - begun;
        Optional<DrainForecast> forecast = predictedAs >= 1 && predictedAs <= forecasts.size()
                ? Optional.of(forecasts.get(predictedAs - 1))
                : Optional.empty();
        DrainAction done = kind.perform(index, action, node, forecast, deadline);
        actions.add(done);
        List<Fate> fates = done.pods().stream().map(PodOutcome::observed).toList();
        if (index == begun) {
            // The last disruption the earlier attempt began is done again: the rest is predicted from where it
            // left the cluster, once the members (and their budget) have settled.
            setup.ensemble().settle(deadline);
            setup.ensemble().settleBudget(deadline);
            DrillSequence rest = sequence.copy();
            rest.observed(fates);
            forecasts = predict(
                    setup,
                    rest,
                    new DrillStart(
                            start.replicas(),
                            setup.ensemble().snapshot(),
                            start.guarded(),
                            start.cordonedBefore(),
                            start.begun(),
                            start.resumed()));
            announce(setup, forecasts);
        }
        return fates;
    }

    /** The rest of the sequence predicted on the cluster as it is now; said in a progress event. */
    static List<DrainForecast> predict(DrillEngine.Setup setup, DrillSequence rest, DrillStart start) {
        List<Forecaster> forecasters =
                setup.kinds().stream().map(Disruption::forecaster).toList();
        return Preflight.predict(
                rest, forecasters, setup.options(), start.snapshot(), setup.namespace(), start.replicas());
    }

    static void announce(DrillEngine.Setup setup, List<DrainForecast> forecasts) {
        setup.progress()
                .accept("preflight: "
                        + forecasts.stream()
                                .flatMap(f -> f.pods().stream())
                                .filter(p -> p.fate() != Fate.SKIPPED)
                                .map(PodForecast::reason)
                                .collect(Collectors.joining("; ")));
    }
}
