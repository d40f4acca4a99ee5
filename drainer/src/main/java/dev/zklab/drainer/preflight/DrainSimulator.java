package dev.zklab.drainer.preflight;

import dev.zklab.contracts.evidence.DrainEvidence.DrainForecast;
import dev.zklab.contracts.evidence.DrainEvidence.Fate;
import dev.zklab.contracts.evidence.DrainEvidence.PodForecast;
import dev.zklab.drainer.drain.PodFilters;
import dev.zklab.drainer.preflight.Placement.Placed;
import dev.zklab.support.kubernetes.Pods;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Predicts drains without touching the cluster: a copy of its state on which each drain is played as
 * the drainer would do it — cordon, kubectl's filters, evictions against each budget's healthy count
 * (so several pods of one budget go one at a time), and each evicted pod's replacement placed where the
 * scheduler could put it ({@link Placement}). Drains are played in order on the same copy, so a plan's
 * later drains see what its earlier ones did.
 */
public final class DrainSimulator {

    private final ClusterSnapshot snapshot;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Set<String> cordoned = new HashSet<>();
    /** The nodes the simulation's drains cordoned (each was schedulable before), in order. */
    private final Set<String> cordonedByDrains = new LinkedHashSet<>();

    private final List<Placed> pods = new ArrayList<>();
    private final List<Budget> budgets = new ArrayList<>();

    /** A budget as the Eviction API judges it: evictions are allowed while healthy exceeds desired. */
    private static final class Budget {
        final String namespace;
        final String name;
        final LabelSelector selector;
        final int desired;
        int healthy;

        Budget(PodDisruptionBudget pdb, List<Placed> pods) {
            this.namespace = pdb.getMetadata().getNamespace();
            this.name = pdb.getMetadata().getName();
            this.selector = pdb.getSpec().getSelector();
            long ready = pods.stream().filter(p -> p.ready && selects(p)).count();
            var status = pdb.getStatus();
            this.healthy =
                    status != null && status.getCurrentHealthy() != null ? status.getCurrentHealthy() : (int) ready;
            this.desired =
                    status != null && status.getDesiredHealthy() != null ? status.getDesiredHealthy() : (int) ready;
        }

        boolean selects(Placed pod) {
            return pod.namespace().equals(namespace) && Selectors.matches(selector, pod.labels());
        }

        boolean allows(Placed pod) {
            // An unhealthy pod may go while the budget is met (policy/v1's default IfHealthyBudget).
            return pod.ready ? healthy > desired : healthy >= desired;
        }

        String refusal() {
            return "blocked by " + name + ": needs " + desired + " healthy pods, has " + healthy;
        }
    }

    private DrainSimulator(ClusterSnapshot snapshot) {
        this.snapshot = snapshot;
        snapshot.nodes().stream()
                .sorted(Comparator.comparing(n -> n.getMetadata().getName()))
                .forEach(n -> nodes.put(n.getMetadata().getName(), n));
        snapshot.cordoned().forEach(cordoned::add);
        for (Pod pod : snapshot.pods()) {
            if (pod.getSpec().getNodeName() != null
                    || "Pending"
                            .equals(
                                    pod.getStatus() == null
                                            ? null
                                            : pod.getStatus().getPhase())) {
                pods.add(new Placed(pod, pod.getSpec().getNodeName(), Pods.isReady(pod)));
            }
        }
        snapshot.budgets().forEach(b -> budgets.add(new Budget(b, pods)));
    }

    public static DrainSimulator of(ClusterSnapshot snapshot) {
        return new DrainSimulator(snapshot);
    }

    /** The node the pod is on in the simulation; empty while it is Pending or when it does not exist. */
    public Optional<String> nodeOf(String namespace, String pod) {
        return pods.stream()
                .filter(p -> p.namespace().equals(namespace) && p.name().equals(pod))
                .findFirst()
                .map(p -> p.node);
    }

    public boolean isCordoned(String node) {
        return cordoned.contains(node);
    }

    /**
     * Uncordons {@code node} if one of the simulation's drains cordoned it, or, {@code node} null, every node they did;
     * a node cordoned before stays so.
     */
    public void uncordonDrained(String node) {
        List<String> nodes = node == null ? List.copyOf(cordonedByDrains) : List.of(node);
        nodes.stream().filter(cordonedByDrains::remove).forEach(this::uncordon);
    }

    /** Makes the node schedulable again; Pending pods that now fit somewhere are placed there and Ready. */
    public void uncordon(String node) {
        cordoned.remove(node);
        for (Placed pending : pods.stream().filter(p -> p.node == null).toList()) {
            fittingNodes(pending).stream().findFirst().ifPresent(n -> place(pending, n));
        }
    }

    /** Plays one drain of {@code node} and predicts each of its pods' fates. */
    public DrainForecast drain(String action, String node, PodFilters.Options options) {
        if (cordoned.add(node)) {
            cordonedByDrains.add(node);
        }
        List<Placed> there = pods.stream()
                .filter(p -> node.equals(p.node))
                .sorted(Comparator.comparing((Placed p) -> p.namespace()).thenComparing(Placed::name))
                .toList();
        List<PodFilters.Verdict> verdicts =
                PodFilters.apply(there.stream().map(p -> p.pod).toList(), options, snapshot::daemonSetExists);
        List<PodForecast> forecasts = new ArrayList<>();
        List<String> refusals = PodFilters.refusals(verdicts);
        if (!refusals.isEmpty()) {
            for (PodFilters.Verdict v : verdicts) {
                forecasts.add(new PodForecast(
                        v.pod().getMetadata().getName(),
                        Fate.REFUSED,
                        v.decision() == PodFilters.Decision.REFUSE
                                ? v.message()
                                : "not evicted: the drain stops at " + refusals.get(0)));
            }
            return new DrainForecast(action, node, forecasts);
        }
        for (int i = 0; i < there.size(); i++) {
            Placed pod = there.get(i);
            PodFilters.Verdict verdict = verdicts.get(i);
            if (verdict.decision() == PodFilters.Decision.SKIP) {
                forecasts.add(new PodForecast(pod.name(), Fate.SKIPPED, verdict.message()));
                continue;
            }
            PodForecast forecast = evict(pod, options.force());
            // Another workload's pod is named, with its owner, wherever the drill would evict it.
            forecasts.add(
                    verdict.message() != null && verdict.message().contains(PodFilters.NOT_ZKLABS)
                            ? new PodForecast(
                                    forecast.pod(), forecast.fate(), forecast.reason() + "; " + verdict.message())
                            : forecast);
        }
        return new DrainForecast(action, node, forecasts);
    }

    private PodForecast evict(Placed pod, boolean force) {
        List<Budget> guarding = budgets.stream().filter(b -> b.selects(pod)).toList();
        if (guarding.size() > 1) {
            return new PodForecast(
                    pod.name(),
                    Fate.BLOCKED,
                    "more than one PodDisruptionBudget selects it ("
                            + guarding.stream().map(b -> b.name).collect(Collectors.joining(", "))
                            + "): the API server refuses its eviction");
        }
        String forced = "";
        if (guarding.size() == 1 && !guarding.get(0).allows(pod)) {
            if (!force) {
                return new PodForecast(pod.name(), Fate.BLOCKED, guarding.get(0).refusal());
            }
            forced = " (deleted past " + guarding.get(0).name + ": force)";
        }
        if (pod.ready) {
            guarding.forEach(b -> b.healthy--);
        }
        pod.ready = false;
        pod.node = null;
        if (PodFilters.controller(pod.pod).isEmpty()) {
            pods.remove(pod);
            return new PodForecast(
                    pod.name(), Fate.REMOVED, pod.name() + " is removed: no controller re-creates it" + forced);
        }
        List<String> fitting = fittingNodes(pod);
        if (fitting.isEmpty()) {
            return new PodForecast(
                    pod.name(), Fate.PENDING, pod.name() + " stays Pending: " + whyPending(pod) + forced);
        }
        place(pod, fitting.get(0));
        String fits = fitting.size() == 1 ? fitting.get(0) + " fits" : String.join(", ", fitting) + " fit";
        return new PodForecast(pod.name(), Fate.MOVES, pod.name() + " moves (" + fits + ")" + forced);
    }

    private void place(Placed pod, String node) {
        pod.node = node;
        pod.ready = true;
        budgets.stream().filter(b -> b.selects(pod)).forEach(b -> b.healthy++);
    }

    /** The nodes the pod fits on, the emptiest first (then by name): where the scheduler would likely put it. */
    private List<String> fittingNodes(Placed pod) {
        return nodes.values().stream()
                .filter(n -> Placement.whyNot(
                                pod, n, cordoned.contains(n.getMetadata().getName()), nodes, pods)
                        .isEmpty())
                .map(n -> n.getMetadata().getName())
                .sorted(Comparator.comparingLong((String n) ->
                                pods.stream().filter(p -> n.equals(p.node)).count())
                        .thenComparing(Comparator.naturalOrder()))
                .toList();
    }

    /** Why no node fits, e.g. "no schedulable node satisfies its anti-affinity (5 nodes: 3 cordoned, 2 violate its anti-affinity)". */
    private String whyPending(Placed pod) {
        Map<String, Long> reasons = new TreeMap<>();
        for (Node node : nodes.values()) {
            Placement.whyNot(pod, node, cordoned.contains(node.getMetadata().getName()), nodes, pods)
                    .ifPresent(r -> reasons.merge(r, 1L, Long::sum));
        }
        String counts = nodes.size() + " nodes: "
                + reasons.entrySet().stream()
                        .map(e -> e.getValue() + " " + e.getKey())
                        .collect(Collectors.joining(", "));
        Set<String> beyondCordon = new HashSet<>(reasons.keySet());
        beyondCordon.remove(Placement.CORDONED);
        if (beyondCordon.equals(Set.of(Placement.ANTI_AFFINITY))) {
            return "no schedulable node satisfies its anti-affinity (" + counts + ")";
        }
        return "no node fits (" + counts + ")";
    }
}
