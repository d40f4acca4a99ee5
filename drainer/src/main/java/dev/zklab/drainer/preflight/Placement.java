package dev.zklab.drainer.preflight;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a pod could be scheduled on a node, by the scheduler's filters that matter for a drain:
 * cordon, readiness, taints, node selector and required node affinity, required pod anti-affinity
 * (both ways), and requests against allocatable. Preferences and scores are not modelled: the answer is
 * "fits" or the first reason it does not, named as the scheduler's message would.
 */
final class Placement {

    /** Why a node does not fit; the drain's messages group nodes by these. */
    static final String CORDONED = "cordoned";

    static final String ANTI_AFFINITY = "violate its anti-affinity";

    /** A pod where the simulation has it: {@code node} is null while it is Pending. */
    static final class Placed {
        final Pod pod;
        String node;
        boolean ready;

        Placed(Pod pod, String node, boolean ready) {
            this.pod = pod;
            this.node = node;
            this.ready = ready;
        }

        String namespace() {
            return pod.getMetadata().getNamespace();
        }

        String name() {
            return pod.getMetadata().getName();
        }

        Map<String, String> labels() {
            return pod.getMetadata().getLabels() == null
                    ? Map.of()
                    : pod.getMetadata().getLabels();
        }
    }

    private Placement() {}

    /** Why {@code pod} cannot go to {@code node}, or empty when it fits: the scheduler's filters, in its order. */
    static Optional<String> whyNot(
            Placed pod, Node node, boolean cordoned, Map<String, Node> nodes, Collection<Placed> placed) {
        List<Toleration> tolerations = pod.pod.getSpec().getTolerations() == null
                ? List.of()
                : pod.pod.getSpec().getTolerations();
        if (cordoned
                && !tolerates(tolerations, new Taint("NoSchedule", "node.kubernetes.io/unschedulable", null, null))) {
            return Optional.of(CORDONED);
        }
        if (!io.fabric8.kubernetes.client.readiness.Readiness.isNodeReady(node)) {
            return Optional.of("not Ready");
        }
        return untoleratedTaint(node, tolerations)
                .or(() -> unselected(pod, node))
                .or(() ->
                        violatesAntiAffinity(pod, node, nodes, placed) ? Optional.of(ANTI_AFFINITY) : Optional.empty())
                .or(() -> noRoom(pod, node, placed));
    }

    /** A NoSchedule or NoExecute taint of the node the pod does not tolerate. */
    private static Optional<String> untoleratedTaint(Node node, List<Toleration> tolerations) {
        if (node.getSpec().getTaints() != null) {
            for (Taint taint : node.getSpec().getTaints()) {
                boolean blocks = "NoSchedule".equals(taint.getEffect()) || "NoExecute".equals(taint.getEffect());
                if (blocks && !tolerates(tolerations, taint)) {
                    return Optional.of("have the untolerated taint " + taint.getKey()
                            + (taint.getValue() == null ? "" : "=" + taint.getValue()) + ":" + taint.getEffect());
                }
            }
        }
        return Optional.empty();
    }

    /** The pod's node selector and required node affinity, against the node's labels. */
    private static Optional<String> unselected(Placed pod, Node node) {
        Map<String, String> nodeLabels = node.getMetadata().getLabels() == null
                ? Map.of()
                : node.getMetadata().getLabels();
        Map<String, String> selector = pod.pod.getSpec().getNodeSelector();
        if (selector != null
                && !selector.entrySet().stream().allMatch(e -> e.getValue().equals(nodeLabels.get(e.getKey())))) {
            return Optional.of("do not match its node selector");
        }
        var affinity = pod.pod.getSpec().getAffinity();
        if (affinity != null
                && affinity.getNodeAffinity() != null
                && affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
            boolean any = affinity
                    .getNodeAffinity()
                    .getRequiredDuringSchedulingIgnoredDuringExecution()
                    .getNodeSelectorTerms()
                    .stream()
                    .anyMatch(t -> Selectors.matches(t.getMatchExpressions(), nodeLabels));
            if (!any) {
                return Optional.of("do not match its node affinity");
            }
        }
        return Optional.empty();
    }

    /** The node's allocatable pods, CPU and memory, against what the pods placed there request, and this one. */
    private static Optional<String> noRoom(Placed pod, Node node, Collection<Placed> placed) {
        String name = node.getMetadata().getName();
        List<Placed> there =
                placed.stream().filter(p -> p != pod && name.equals(p.node)).toList();
        Map<String, Quantity> allocatable =
                node.getStatus() == null || node.getStatus().getAllocatable() == null
                        ? Map.of()
                        : node.getStatus().getAllocatable();
        if (allocatable.containsKey("pods")
                && there.size() + 1 > amount(allocatable.get("pods")).intValue()) {
            return Optional.of("have too many pods");
        }
        for (String resource : List.of("cpu", "memory")) {
            if (!allocatable.containsKey(resource)) {
                continue;
            }
            BigDecimal used =
                    there.stream().map(p -> request(p.pod, resource)).reduce(BigDecimal.ZERO, BigDecimal::add);
            if (used.add(request(pod.pod, resource)).compareTo(amount(allocatable.get(resource))) > 0) {
                return Optional.of("have insufficient " + resource);
            }
        }
        return Optional.empty();
    }

    /** The pod's required anti-affinity against the pods in the node's topology domain, and theirs against it. */
    static boolean violatesAntiAffinity(Placed pod, Node node, Map<String, Node> nodes, Collection<Placed> placed) {
        for (Placed other : placed) {
            if (other == pod || other.node == null) {
                continue;
            }
            Node otherNode = nodes.get(other.node);
            if (otherNode == null) {
                continue;
            }
            for (PodAffinityTerm term : antiAffinity(pod.pod)) {
                if (sameDomain(node, otherNode, term.getTopologyKey()) && selects(term, pod, other)) {
                    return true;
                }
            }
            for (PodAffinityTerm term : antiAffinity(other.pod)) {
                if (sameDomain(node, otherNode, term.getTopologyKey()) && selects(term, other, pod)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean selects(PodAffinityTerm term, Placed owner, Placed candidate) {
        List<String> namespaces =
                term.getNamespaces() == null || term.getNamespaces().isEmpty()
                        ? List.of(owner.namespace())
                        : term.getNamespaces();
        return namespaces.contains(candidate.namespace())
                && Selectors.matches(term.getLabelSelector(), candidate.labels());
    }

    private static List<PodAffinityTerm> antiAffinity(Pod pod) {
        var affinity = pod.getSpec().getAffinity();
        if (affinity == null
                || affinity.getPodAntiAffinity() == null
                || affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return List.of();
        }
        return affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
    }

    private static boolean sameDomain(Node a, Node b, String topologyKey) {
        String va = a.getMetadata().getLabels() == null
                ? null
                : a.getMetadata().getLabels().get(topologyKey);
        String vb = b.getMetadata().getLabels() == null
                ? null
                : b.getMetadata().getLabels().get(topologyKey);
        return va != null && Objects.equals(va, vb);
    }

    private static BigDecimal request(Pod pod, String resource) {
        List<BigDecimal> amounts = new ArrayList<>();
        pod.getSpec().getContainers().forEach(c -> {
            if (c.getResources() != null
                    && c.getResources().getRequests() != null
                    && c.getResources().getRequests().containsKey(resource)) {
                amounts.add(amount(c.getResources().getRequests().get(resource)));
            }
        });
        return amounts.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static BigDecimal amount(Quantity quantity) {
        return Quantity.getAmountInBytes(quantity);
    }

    private static boolean tolerates(List<Toleration> tolerations, Taint taint) {
        return tolerations.stream().anyMatch(t -> {
            boolean keyMatches = t.getKey() == null || t.getKey().isEmpty()
                    ? "Exists".equals(t.getOperator())
                    : t.getKey().equals(taint.getKey());
            boolean valueMatches = "Exists".equals(t.getOperator())
                    || Objects.equals(t.getValue(), taint.getValue())
                    || (t.getValue() == null && taint.getValue() == null);
            boolean effectMatches = t.getEffect() == null
                    || t.getEffect().isEmpty()
                    || t.getEffect().equals(taint.getEffect());
            return keyMatches && valueMatches && effectMatches;
        });
    }
}
