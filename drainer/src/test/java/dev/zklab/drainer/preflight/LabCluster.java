package dev.zklab.drainer.preflight;

import dev.zklab.support.kubernetes.Marks;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Cluster states for the preflight's unit tests, shaped like the lab's: worker nodes, zk pods with required anti-affinity, zk-pdb. */
public final class LabCluster {

    public static final String NS = "zk-lab";

    final List<Node> nodes = new ArrayList<>();
    final List<Pod> pods = new ArrayList<>();
    final List<PodDisruptionBudget> budgets = new ArrayList<>();
    final Set<String> daemonSets = new HashSet<>();

    /** {@code nodes} workers and a 3-member ensemble, zk-N on worker-(N+1), all Ready, with zk-pdb (maxUnavailable 1). */
    public static LabCluster lab(int nodes) {
        LabCluster cluster = new LabCluster();
        for (int i = 1; i <= nodes; i++) {
            cluster.nodes.add(node("worker-" + i, false));
        }
        for (int ordinal = 0; ordinal < 3; ordinal++) {
            cluster.pods.add(member(ordinal, "worker-" + (ordinal + 1)));
        }
        cluster.budgets.add(pdb(3, 2));
        return cluster;
    }

    public ClusterSnapshot snapshot() {
        return new ClusterSnapshot(nodes, pods, budgets, daemonSets);
    }

    static Node node(String name, boolean cordoned) {
        return new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("kubernetes.io/hostname", name)
                .endMetadata()
                .withNewSpec()
                .withUnschedulable(cordoned ? Boolean.TRUE : null)
                .endSpec()
                .withNewStatus()
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .addToAllocatable(
                        Map.of("cpu", new Quantity("2"), "memory", new Quantity("7680Mi"), "pods", new Quantity("110")))
                .endStatus()
                .build();
    }

    /** Another workload's pod running on {@code node}, controlled by {@code ownerKind} {@code owner} (null: a bare pod). */
    static Pod othersPod(String namespace, String name, String node, String ownerKind, String owner) {
        PodBuilder pod = new PodBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withNodeName(node)
                .addNewContainer()
                .withName("c")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .endStatus();
        if (ownerKind != null) {
            pod.editMetadata()
                    .addNewOwnerReference()
                    .withKind(ownerKind)
                    .withName(owner)
                    .withController(true)
                    .endOwnerReference()
                    .endMetadata();
        }
        return pod.build();
    }

    static Pod member(int ordinal, String node) {
        return new PodBuilder()
                .withNewMetadata()
                .withNamespace(NS)
                .withName("zk-" + ordinal)
                .withUid("uid-zk-" + ordinal)
                .addToLabels("app", "zk")
                .addToLabels(Marks.MANAGED_BY, Marks.ZKLAB)
                .addNewOwnerReference()
                .withKind("StatefulSet")
                .withName("zk")
                .withController(true)
                .withApiVersion("apps/v1")
                .withUid("sts")
                .endOwnerReference()
                .endMetadata()
                .withNewSpec()
                .withNodeName(node)
                .addNewContainer()
                .withName("kubernetes-zookeeper")
                .withNewResources()
                .addToRequests(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("1Gi")))
                .endResources()
                .endContainer()
                .withNewAffinity()
                .withNewPodAntiAffinity()
                .addNewRequiredDuringSchedulingIgnoredDuringExecution()
                .withTopologyKey("kubernetes.io/hostname")
                .withLabelSelector(new LabelSelectorBuilder()
                        .addNewMatchExpression()
                        .withKey("app")
                        .withOperator("In")
                        .withValues("zk")
                        .endMatchExpression()
                        .build())
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .endPodAntiAffinity()
                .endAffinity()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .endStatus()
                .build();
    }

    static PodDisruptionBudget pdb(int healthy, int desired) {
        return new PodDisruptionBudgetBuilder()
                .withNewMetadata()
                .withNamespace(NS)
                .withName("zk-pdb")
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .addToMatchLabels("app", "zk")
                .endSelector()
                .withNewMaxUnavailable(1)
                .endSpec()
                .withNewStatus()
                .withCurrentHealthy(healthy)
                .withDesiredHealthy(desired)
                .withExpectedPods(3)
                .withDisruptionsAllowed(Math.max(0, healthy - desired))
                .endStatus()
                .build();
    }
}
