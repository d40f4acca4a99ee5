package dev.zklab.localkube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Proof of the lab's maintenance step on real controllers: cordon the node of zk-0 and evict zk-0;
 * the StatefulSet re-creates it on another node, where it becomes Ready. The node is always uncordoned.
 */
@WithLocalKube
class CordonEvictIT {

    @Test
    void evictedMemberMovesToAnotherNodeAndBecomesReady(KubernetesClient client) {
        try (TestNamespace ns = TestNamespace.create(client, "drain")) {
            client.apps()
                    .statefulSets()
                    .resource(TestObjects.zk(ns.name(), 3, false))
                    .create();
            client.policy()
                    .v1()
                    .podDisruptionBudget()
                    .resource(TestObjects.pdb(ns.name()))
                    .create();
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> readyMembers(client, ns.name()) == 3
                            && client.policy()
                                            .v1()
                                            .podDisruptionBudget()
                                            .inNamespace(ns.name())
                                            .withName("zk-pdb")
                                            .get()
                                            .getStatus()
                                            .getDisruptionsAllowed()
                                    == 1);
            Pod before = client.pods().inNamespace(ns.name()).withName("zk-0").get();
            String cordoned = Pods.node(before);

            setUnschedulable(client, cordoned, true);
            try {
                Evictions.Answer answer = Evictions.evict(client, ns.name(), "zk-0");
                assertThat(answer.code())
                        .as("eviction answer %s", answer.body())
                        .isBetween(200, 201);

                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                    Pod after = client.pods()
                            .inNamespace(ns.name())
                            .withName("zk-0")
                            .get();
                    assertThat(after).isNotNull();
                    assertThat(after.getMetadata().getUid())
                            .isNotEqualTo(before.getMetadata().getUid());
                    assertThat(Pods.isReady(after)).isTrue();
                });
                Pod after =
                        client.pods().inNamespace(ns.name()).withName("zk-0").get();
                Set<String> others = client.pods().inNamespace(ns.name()).list().getItems().stream()
                        .filter(p -> !p.getMetadata().getName().equals("zk-0"))
                        .map(Pods::node)
                        .collect(Collectors.toSet());
                assertThat(Pods.node(after)).isNotEqualTo(cordoned).isNotIn(others);
            } finally {
                setUnschedulable(client, cordoned, false);
            }
            assertThat(client.nodes().withName(cordoned).get().getSpec().getUnschedulable())
                    .isNotEqualTo(Boolean.TRUE);
        }
    }

    private static void setUnschedulable(KubernetesClient client, String node, boolean unschedulable) {
        client.nodes().withName(node).edit(n -> {
            n.getSpec().setUnschedulable(unschedulable ? Boolean.TRUE : null);
            return n;
        });
    }

    private static long readyMembers(KubernetesClient client, String namespace) {
        return client.pods().inNamespace(namespace).list().getItems().stream()
                .filter(Pods::isReady)
                .count();
    }
}
