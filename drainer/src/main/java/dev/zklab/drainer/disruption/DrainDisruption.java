package dev.zklab.drainer.disruption;

import dev.zklab.contracts.evidence.Check;
import dev.zklab.contracts.evidence.DrainEvidence;
import dev.zklab.contracts.evidence.DrainEvidence.DrainAction;
import dev.zklab.contracts.evidence.DrainEvidence.DrainForecast;
import dev.zklab.contracts.evidence.DrainEvidence.Fate;
import dev.zklab.contracts.evidence.DrainEvidence.PodForecast;
import dev.zklab.contracts.evidence.DrainEvidence.PodOutcome;
import dev.zklab.drainer.drain.Cordons;
import dev.zklab.drainer.drain.NodeDrain;
import dev.zklab.drainer.drill.Disruption;
import dev.zklab.drainer.drill.DrainMetrics;
import dev.zklab.drainer.drill.DrillChecks;
import dev.zklab.drainer.drill.DrilledEnsemble;
import dev.zklab.drainer.drill.ReplacementWatch;
import dev.zklab.drainer.plan.DrillAction;
import dev.zklab.drainer.plan.DrillOptions;
import dev.zklab.drainer.preflight.ClusterSnapshot;
import dev.zklab.drainer.preflight.DrainForecaster;
import dev.zklab.drainer.preflight.Forecaster;
import dev.zklab.kubernetes.Nodes;
import dev.zklab.support.wait.Deadline;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The drain as a disruption: cordon the node (its annotation saying for which of the drill's drains), kubectl's
 * drain, and each pod's fate against its prediction; undone by uncordoning only the nodes this run cordoned. A node
 * cordoned before the drill is drained and left cordoned.
 */
public final class DrainDisruption implements Disruption {

    private static final Pattern DRAIN_INDEX = Pattern.compile("#(\\d+) (.*)");

    private final KubernetesClient client;
    private final String runId;
    private final DrillOptions options;
    private final String namespace;
    private final DrilledEnsemble ensemble;
    private final ReplacementWatch replacements;
    private final DrainMetrics metrics;
    private final Consumer<String> progress;
    private final Cordons cordons;
    private final NodeDrain nodeDrain;
    private List<String> cordonedBefore = List.of();

    public DrainDisruption(
            KubernetesClient client,
            String runId,
            String namespace,
            DrillOptions options,
            DrilledEnsemble ensemble,
            DrainMetrics metrics,
            Consumer<String> progress) {
        this.client = client;
        this.runId = runId;
        this.options = options;
        this.namespace = namespace;
        this.ensemble = ensemble;
        this.replacements = new ReplacementWatch(client, namespace, options.pendingWait(), ensemble);
        this.metrics = metrics;
        this.progress = progress;
        this.cordons = new Cordons(client);
        this.nodeDrain = new NodeDrain(client, metrics);
    }

    @Override
    public Forecaster forecaster() {
        return new DrainForecaster(options.filters(namespace));
    }

    @Override
    public void begin(ClusterSnapshot before) {
        cordonedBefore = before.nodes().stream()
                .filter(n -> Nodes.isCordoned(n) && !runId.equals(Cordons.annotation(n, Cordons.RUN_ANNOTATION)))
                .map(n -> n.getMetadata().getName())
                .sorted()
                .toList();
    }

    @Override
    public DrainAction perform(
            int index, DrillAction action, String node, Optional<DrainForecast> forecast, Deadline deadline) {
        Instant started = Instant.now();
        if (node == null) {
            return new DrainAction(
                    action.toString(),
                    null,
                    started,
                    Instant.now(),
                    List.of(),
                    List.of(),
                    List.of(),
                    action.target() + " is on no node (Pending): nothing to drain");
        }
        ensemble.settleBudget(deadline);
        progress.accept(action + ": draining " + node + "; predicted: "
                + forecast.map(f -> f.pods().stream().map(PodForecast::reason).collect(Collectors.joining("; ")))
                        .orElse("nothing"));
        if (cordons.cordon(node, runId, "#" + index + " " + action) == Cordons.Cordon.CORDONED_BEFORE) {
            progress.accept(node + " was cordoned before the drill: drained, and left cordoned");
        }
        NodeDrain.Result result;
        try {
            result = nodeDrain.drain(node, options.filters(namespace), options.blockedWait(), deadline);
        } catch (RuntimeException e) {
            metrics.drained(Duration.between(started, Instant.now()), "refused");
            throw e;
        }
        List<PodOutcome> outcomes = new ArrayList<>();
        List<DrainEvidence.Eviction> evictions = new ArrayList<>();
        for (NodeDrain.PodResult pod : result.pods()) {
            ReplacementWatch.Observed observed = observe(pod, node, evictions, deadline);
            progress.accept(pod.pod() + ": " + observed.words());
            Optional<PodForecast> predicted = forecast.flatMap(f ->
                    f.pods().stream().filter(p -> p.pod().equals(pod.pod())).findFirst());
            outcomes.add(new PodOutcome(
                    pod.pod(),
                    predicted.map(PodForecast::fate).orElse(null),
                    predicted
                            .map(PodForecast::reason)
                            .orElse(
                                    forecast.isEmpty()
                                            ? "not predicted: this drain was begun by an earlier attempt"
                                            : "not predicted: it came to " + node + " after the preflight"),
                    observed.fate(),
                    observed.words(),
                    predicted.map(p -> agree(p.fate(), observed.fate())).orElse(false)));
        }
        metrics.drained(Duration.between(started, Instant.now()), result.blocked() ? "blocked" : "drained");
        String detail = outcomes.isEmpty()
                ? node + " had no pod to evict"
                : outcomes.stream()
                        .map(o -> o.pod() + " " + o.observed().name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", "));
        return new DrainAction(
                action.toString(), node, started, Instant.now(), outcomes, result.refusals(), evictions, detail);
    }

    private ReplacementWatch.Observed observe(
            NodeDrain.PodResult pod, String node, List<DrainEvidence.Eviction> evictions, Deadline deadline) {
        if (pod instanceof NodeDrain.Skipped s) {
            return new ReplacementWatch.Observed(Fate.SKIPPED, s.why());
        }
        if (pod instanceof NodeDrain.Blocked b) {
            return new ReplacementWatch.Observed(Fate.BLOCKED, "blocked: " + b.cause());
        }
        NodeDrain.Evicted e = (NodeDrain.Evicted) pod;
        evictions.add(e.eviction());
        if (e.eviction().forced()) {
            progress.accept("FORCED: " + e.namespace() + "/" + e.pod() + " deleted past its PodDisruptionBudget after "
                    + options.blockedWait().toSeconds() + " s of refusals, because the request said force");
        }
        return replacements.follow(e.namespace(), e.pod(), e.eviction().uid(), e.controller(), node, deadline);
    }

    /** Whether an observed fate is the predicted one; a pod evicted and not followed agrees with either prediction of eviction. */
    static boolean agree(Fate predicted, Fate observed) {
        return predicted == observed
                || (observed == Fate.EVICTED && (predicted == Fate.MOVES || predicted == Fate.PENDING));
    }

    @Override
    public DrainAction undo(DrillAction action) {
        Instant started = Instant.now();
        List<String> targets = action.target() == null ? held() : List.of(action.target());
        List<String> done =
                targets.stream().filter(n -> cordons.uncordon(n, runId)).toList();
        return new DrainAction(
                action.toString(),
                String.join(", ", targets),
                started,
                Instant.now(),
                List.of(),
                List.of(),
                List.of(),
                done.size() == targets.size()
                        ? "uncordoned " + done
                        : "uncordoned " + done + "; not cordoned by this drill, left as they are: "
                                + targets.stream()
                                        .filter(t -> !done.contains(t))
                                        .toList());
    }

    @Override
    public List<String> restoreAll() {
        List<String> restored = cordons.restoreAll(runId);
        if (!restored.isEmpty()) {
            progress.accept("uncordoned " + restored);
        }
        return restored;
    }

    @Override
    public List<String> held() {
        return cordons.heldBy(runId).stream()
                .map(n -> n.getMetadata().getName())
                .toList();
    }

    @Override
    public void renew() {
        cordons.renew(runId);
    }

    /** The drains an earlier attempt did, by their number, from the annotations of the nodes this run holds. */
    @Override
    public SortedMap<Integer, String> begun() {
        TreeMap<Integer, String> drains = new TreeMap<>();
        for (Node node : cordons.heldBy(runId)) {
            Matcher m = DRAIN_INDEX.matcher(String.valueOf(Cordons.annotation(node, Cordons.ACTION_ANNOTATION)));
            if (m.matches()) {
                drains.put(Integer.parseInt(m.group(1)), node.getMetadata().getName());
            }
        }
        return drains;
    }

    @Override
    public String describeBegun(int index, String where) {
        return "cordoned " + where + " (drain #" + index + ")";
    }

    @Override
    public List<Check> outcomeChecks(List<DrainAction> actions) {
        return List.of(DrillChecks.predictions(actions));
    }

    @Override
    public List<Check> restoredChecks(List<DrainAction> actions) {
        List<Node> nodes = client.nodes().list().getItems();
        List<String> cordonedNow = nodes.stream()
                .filter(Nodes::isCordoned)
                .map(n -> n.getMetadata().getName())
                .sorted()
                .toList();
        List<String> stillHeld = nodes.stream()
                .filter(n -> runId.equals(Cordons.annotation(n, Cordons.RUN_ANNOTATION)))
                .map(n -> n.getMetadata().getName())
                .toList();
        List<Check> checks =
                new ArrayList<>(List.of(DrillChecks.nodesRestored(cordonedNow, stillHeld, cordonedBefore)));
        DrillChecks.forced(actions).ifPresent(checks::add);
        return checks;
    }
}
