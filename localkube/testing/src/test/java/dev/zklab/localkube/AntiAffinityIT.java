package dev.zklab.localkube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Proof that the real scheduler enforces required pod anti-affinity: with one member per node, the
 * member that has no eligible node left stays Pending and the scheduler's event names the rule.
 */
@WithLocalKube
class AntiAffinityIT {

    @Test
    void memberWithoutEligibleNodeStaysPendingAndTheEventNamesAntiAffinity(KubernetesClient client) {
        int replicas = LocalKubeCluster.NODES + 1;
        String extra = "zk-" + LocalKubeCluster.NODES;
        try (TestNamespace ns = TestNamespace.create(client, "affinity")) {
            client.apps()
                    .statefulSets()
                    .resource(TestObjects.zk(ns.name(), replicas, false))
                    .create();

            await().atMost(Duration.ofSeconds(90))
                    .untilAsserted(() -> assertThat(
                                    client.v1().events().inNamespace(ns.name()).list().getItems().stream()
                                            .filter(e -> extra.equals(
                                                    e.getInvolvedObject().getName()))
                                            .filter(e -> "FailedScheduling".equals(e.getReason()))
                                            .map(Event::getMessage))
                            .anySatisfy(
                                    message -> assertThat(message).contains("didn't match pod anti-affinity rules")));

            List<Pod> pods = client.pods().inNamespace(ns.name()).list().getItems();
            Pod pending = pods.stream()
                    .filter(p -> p.getMetadata().getName().equals(extra))
                    .findFirst()
                    .orElseThrow();
            assertThat(pending.getStatus().getPhase()).isEqualTo("Pending");
            assertThat(pending.getSpec().getNodeName()).isNull();
            List<Pod> placed = pods.stream()
                    .filter(p -> !p.getMetadata().getName().equals(extra))
                    .toList();
            assertThat(placed).hasSize(LocalKubeCluster.NODES).allMatch(Pods::isReady);
            assertThat(placed.stream().map(Pods::node).distinct()).hasSize(LocalKubeCluster.NODES);
        }
    }
}
