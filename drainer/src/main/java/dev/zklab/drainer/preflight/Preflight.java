package dev.zklab.drainer.preflight;

import dev.zklab.common.ensemble.EnsembleNames;
import dev.zklab.common.evidence.DrainEvidence.DrainForecast;
import dev.zklab.common.evidence.DrainEvidence.PodForecast;
import dev.zklab.drainer.drain.PodFilters;
import dev.zklab.drainer.plan.DrillAction;
import dev.zklab.drainer.plan.DrillOptions;
import dev.zklab.drainer.plan.InvalidDrillException;
import dev.zklab.drainer.plan.LabDrill;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The drill predicted before anything is touched: its plan checked against the cluster (unknown
 * members or nodes refused with what exists) and each drain played on a {@link DrainSimulator}.
 */
public final class Preflight {

    private Preflight() {
    }

    /** Throws {@link InvalidDrillException} when the plan names a member or node that does not exist. */
    public static void check(DrillOptions options, ClusterSnapshot snapshot, String namespace, int replicas) {
        List<String> problems = new ArrayList<>();
        if (replicas < 1) {
            problems.add("no ensemble to drill in namespace " + namespace + "; run the deploy step first");
        }
        List<String> nodes = snapshot.nodes().stream().map(n -> n.getMetadata().getName()).sorted().toList();
        for (DrillAction action : options.plan()) {
            if (action.target() == null) {
                continue;
            }
            if (action.namesMember()) {
                if (action.ordinal() >= replicas || snapshot.pod(namespace, action.target()).isEmpty()) {
                    problems.add("plan action '" + action + "' names unknown member " + action.target() + "; the ensemble in "
                            + namespace + " has " + members(replicas));
                }
            } else if (!nodes.contains(action.target())) {
                problems.add("plan action '" + action + "' names unknown node " + action.target() + "; the cluster's nodes are " + nodes);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidDrillException(problems);
        }
    }

    /** Each drain of the drill, predicted in order on one copy of the cluster's state. */
    public static List<DrainForecast> predict(DrillOptions options, ClusterSnapshot snapshot, String namespace, int replicas) {
        return predict(options, snapshot, namespace, replicas, 0);
    }

    /**
     * The drains after the first {@code drainsDone} (which an earlier attempt of the step began), predicted
     * from the state that attempt left.
     */
    public static List<DrainForecast> predict(DrillOptions options, ClusterSnapshot snapshot, String namespace, int replicas,
            int drainsDone) {
        check(options, snapshot, namespace, replicas);
        DrainSimulator simulation = DrainSimulator.of(snapshot);
        PodFilters.Options filters = options.filters(namespace);
        List<DrainForecast> forecasts = new ArrayList<>();
        if (options.labDrill()) {
            boolean memberPending = IntStream.range(0, replicas)
                    .anyMatch(o -> simulation.nodeOf(namespace, EnsembleNames.podName(o)).isEmpty());
            LabDrill drill = drainsDone == 0 ? new LabDrill(replicas, snapshot.nodes().size())
                    : LabDrill.resumed(replicas, snapshot.nodes().size(), drainsDone, memberPending);
            for (Optional<String> member = drill.nextMember(); member.isPresent(); member = drill.nextMember()) {
                Optional<String> node = simulation.nodeOf(namespace, member.get());
                if (node.isEmpty()) {
                    break;
                }
                DrainForecast forecast = simulation.drain(LabDrill.action(member.get()), node.get(), filters);
                forecasts.add(forecast);
                drill.observed(forecast.pods().stream().map(PodForecast::fate).toList());
            }
            return forecasts;
        }
        Set<String> cordonedByDrill = new LinkedHashSet<>();
        int drains = 0;
        for (DrillAction action : options.plan()) {
            if (drains < drainsDone) {
                drains += action.kind() == DrillAction.Kind.DRAIN ? 1 : 0;
                continue;
            }
            switch (action.kind()) {
                case DRAIN -> {
                    Optional<String> node = action.namesMember() ? simulation.nodeOf(namespace, action.target()) : Optional.of(action.target());
                    if (node.isEmpty()) {
                        forecasts.add(new DrainForecast(action.toString(), null, List.of()));
                        continue;
                    }
                    if (!simulation.isCordoned(node.get())) {
                        cordonedByDrill.add(node.get());
                    }
                    forecasts.add(simulation.drain(action.toString(), node.get(), filters));
                }
                case UNCORDON -> {
                    List<String> targets = action.target() == null ? List.copyOf(cordonedByDrill) : List.of(action.target());
                    targets.stream().filter(cordonedByDrill::contains).forEach(simulation::uncordon);
                    targets.forEach(cordonedByDrill::remove);
                }
                case WAIT -> {
                    // Waiting changes nothing in the simulation: it already has every replacement Ready.
                }
            }
        }
        return forecasts;
    }

    static String members(int replicas) {
        return replicas < 1 ? "no members" : EnsembleNames.podName(0) + ".." + EnsembleNames.podName(replicas - 1);
    }
}
