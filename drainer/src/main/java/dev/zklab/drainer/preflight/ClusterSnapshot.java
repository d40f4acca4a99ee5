package dev.zklab.drainer.preflight;

import dev.zklab.kubernetes.Nodes;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The cluster's state a drain depends on, read once: nodes, every pod, every PodDisruptionBudget, and
 * which DaemonSets exist. The preflight simulates on it without touching the cluster.
 *
 * @param daemonSets {@code namespace/name} of every DaemonSet
 */
public record ClusterSnapshot(
        List<Node> nodes, List<Pod> pods, List<PodDisruptionBudget> budgets, Set<String> daemonSets) {

    /** Reads the state: four lists, no watches. */
    public static ClusterSnapshot read(KubernetesClient client) {
        return new ClusterSnapshot(
                client.nodes().list().getItems(),
                client.pods().inAnyNamespace().list().getItems(),
                client.policy()
                        .v1()
                        .podDisruptionBudget()
                        .inAnyNamespace()
                        .list()
                        .getItems(),
                client.apps().daemonSets().inAnyNamespace().list().getItems().stream()
                        .map(d -> d.getMetadata().getNamespace() + "/"
                                + d.getMetadata().getName())
                        .collect(Collectors.toSet()));
    }

    public boolean daemonSetExists(String namespace, String name) {
        return daemonSets.contains(namespace + "/" + name);
    }

    public Optional<Pod> pod(String namespace, String name) {
        return pods.stream()
                .filter(p -> p.getMetadata().getNamespace().equals(namespace)
                        && p.getMetadata().getName().equals(name))
                .findFirst();
    }

    /** Nodes cordoned now, by name. */
    public List<String> cordoned() {
        return nodes.stream()
                .filter(Nodes::isCordoned)
                .map(n -> n.getMetadata().getName())
                .sorted()
                .toList();
    }
}
