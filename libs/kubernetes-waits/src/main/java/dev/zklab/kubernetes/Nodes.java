package dev.zklab.kubernetes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.util.List;

/** The cluster's nodes as the scheduler sees them. */
public final class Nodes {

    private Nodes() {}

    /** The nodes a new pod could go to: Ready and not cordoned, by name. */
    public static List<String> schedulable(KubernetesClient client) {
        return client.nodes().list().getItems().stream()
                .filter(Nodes::schedulable)
                .map(n -> n.getMetadata().getName())
                .sorted()
                .toList();
    }

    public static boolean schedulable(Node node) {
        return !isCordoned(node) && Readiness.isNodeReady(node);
    }

    /** Whether the node is cordoned (spec.unschedulable): no new pod goes there. */
    public static boolean isCordoned(Node node) {
        return node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    }
}
