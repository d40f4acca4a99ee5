package dev.zklab.drainer.preflight;

import dev.zklab.contracts.evidence.DrainEvidence;
import dev.zklab.contracts.evidence.DrainEvidence.DrainForecast;
import dev.zklab.contracts.evidence.DrainEvidence.PodForecast;
import dev.zklab.drainer.plan.DrillAction;
import dev.zklab.drainer.plan.DrillOptions;
import dev.zklab.drainer.plan.DrillSequence;
import dev.zklab.drainer.plan.InvalidDrillException;
import dev.zklab.support.kubernetes.EnsembleNames;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The drill predicted before anything is touched: its plan checked against the cluster (unknown members or nodes
 * refused with what exists) and its sequence walked on a {@link DrainSimulator}, each disruption played by its
 * kind's {@link Forecaster}.
 */
public final class Preflight {

    private Preflight() {}

    /** The members of the ensemble as deployed now; a drill needs a StatefulSet. */
    public static int replicas(KubernetesClient client, String namespace) {
        StatefulSet sts = client.apps()
                .statefulSets()
                .inNamespace(namespace)
                .withName(EnsembleNames.STATEFULSET)
                .get();
        if (sts == null) {
            throw new NoEnsembleException("no StatefulSet " + EnsembleNames.STATEFULSET + " in namespace " + namespace
                    + "; a drill needs a deployed ensemble: run the deploy step first");
        }
        return sts.getSpec().getReplicas() == null ? 1 : sts.getSpec().getReplicas();
    }

    /** The preflight alone, on the cluster as it is now: nothing is touched. */
    public static DrainEvidence read(KubernetesClient client, String namespace, DrillOptions options) {
        int replicas = replicas(client, namespace);
        ClusterSnapshot snapshot = ClusterSnapshot.read(client);
        List<DrainForecast> forecasts = predict(options, snapshot, namespace, replicas);
        return new DrainEvidence(
                namespace,
                plan(options, forecasts),
                true,
                snapshot.cordoned(),
                forecasts,
                List.of(),
                List.of(),
                null,
                List.of(),
                null);
    }

    /** Throws {@link InvalidDrillException} when the plan names a member or node that does not exist. */
    public static void check(DrillOptions options, ClusterSnapshot snapshot, String namespace, int replicas) {
        List<String> problems = new ArrayList<>();
        if (replicas < 1) {
            problems.add("no ensemble to drill in namespace " + namespace + "; run the deploy step first");
        }
        List<String> nodes = snapshot.nodes().stream()
                .map(n -> n.getMetadata().getName())
                .sorted()
                .toList();
        for (DrillAction action : options.plan()) {
            if (action.target() == null) {
                continue;
            }
            if (action.namesMember()) {
                if (action.ordinal() >= replicas
                        || snapshot.pod(namespace, action.target()).isEmpty()) {
                    problems.add("plan action '" + action + "' names unknown member " + action.target()
                            + "; the ensemble in " + namespace + " has " + members(replicas));
                }
            } else if (!nodes.contains(action.target())) {
                problems.add("plan action '" + action + "' names unknown node " + action.target()
                        + "; the cluster's nodes are " + nodes);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidDrillException(problems);
        }
    }

    /** Each drain of the drill (the lab's or the plan's), predicted in order on one copy of the cluster's state. */
    public static List<DrainForecast> predict(
            DrillOptions options, ClusterSnapshot snapshot, String namespace, int replicas) {
        return predict(
                options.sequence(replicas, snapshot.nodes().size()),
                List.of(new DrainForecaster(options.filters(namespace))),
                options,
                snapshot,
                namespace,
                replicas);
    }

    /**
     * The rest of {@code sequence} (walked on a copy: the sequence itself is left as it is), each disruption predicted by
     * its kind's forecaster; {@code wait} changes nothing in the simulation, which has every replacement Ready at once.
     */
    public static List<DrainForecast> predict(
            DrillSequence sequence,
            List<Forecaster> kinds,
            DrillOptions options,
            ClusterSnapshot snapshot,
            String namespace,
            int replicas) {
        check(options, snapshot, namespace, replicas);
        DrainSimulator simulation = DrainSimulator.of(snapshot);
        Map<String, Forecaster> byVerb =
                kinds.stream().collect(Collectors.toMap(Forecaster::verb, Function.identity()));
        Map<String, Forecaster> byUndo =
                kinds.stream().collect(Collectors.toMap(Forecaster::undoVerb, Function.identity()));
        List<DrainForecast> forecasts = new ArrayList<>();
        sequence.copy().walk(member -> simulation.nodeOf(namespace, member), action -> {
            Forecaster kind = byVerb.get(action.verb());
            if (kind == null) {
                if (byUndo.containsKey(action.verb())) {
                    byUndo.get(action.verb()).predictUndo(action.target(), simulation);
                }
                return List.of();
            }
            String node = action.namesMember()
                    ? simulation.nodeOf(namespace, action.target()).orElse(null)
                    : action.target();
            DrainForecast forecast = kind.predict(action, node, simulation);
            forecasts.add(forecast);
            return forecast.pods().stream().map(PodForecast::fate).toList();
        });
        return forecasts;
    }

    /** The drill's actions as the evidence lists them: the lab's as predicted, a plan's as written. */
    public static List<String> plan(DrillOptions options, List<DrainForecast> forecasts) {
        return options.labDrill()
                ? forecasts.stream().map(DrainForecast::action).toList()
                : options.plan().stream().map(DrillAction::toString).toList();
    }

    static String members(int replicas) {
        return replicas < 1 ? "no members" : EnsembleNames.podName(0) + ".." + EnsembleNames.podName(replicas - 1);
    }
}
