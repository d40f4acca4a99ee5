package dev.zklab.localkube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Proof of the lab's durable storage on real controllers and localkube's provisioner: deleting the
 * StatefulSet leaves its PVCs; re-creating it binds {@code datadir-zk-N} to {@code zk-N} again.
 */
@WithLocalKube
class PvcRetentionIT {

    @Test
    void recreatedStatefulSetReusesTheSameClaims(KubernetesClient client) {
        try (TestNamespace ns = TestNamespace.create(client, "durable")) {
            String namespace = ns.name();
            client.apps()
                    .statefulSets()
                    .resource(TestObjects.zk(namespace, 3, true))
                    .create();
            awaitReadyMembers(client, namespace);
            Map<String, String> before = claimUids(client, namespace);
            assertThat(before).containsOnlyKeys("datadir-zk-0", "datadir-zk-1", "datadir-zk-2");
            assertClaimsBoundAndMounted(client, namespace);

            client.apps().statefulSets().inNamespace(namespace).withName("zk").delete();
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> client.pods()
                            .inNamespace(namespace)
                            .list()
                            .getItems()
                            .isEmpty());
            assertThat(claimUids(client, namespace)).isEqualTo(before);

            client.apps()
                    .statefulSets()
                    .resource(TestObjects.zk(namespace, 3, true))
                    .create();
            awaitReadyMembers(client, namespace);

            assertThat(claimUids(client, namespace)).isEqualTo(before);
            assertClaimsBoundAndMounted(client, namespace);
        }
    }

    private static void awaitReadyMembers(KubernetesClient client, String namespace) {
        await().atMost(Duration.ofSeconds(120))
                .until(() -> client.pods().inNamespace(namespace).list().getItems().stream()
                                .filter(Pods::isReady)
                                .count()
                        == 3);
    }

    private static Map<String, String> claimUids(KubernetesClient client, String namespace) {
        Map<String, String> uids = new TreeMap<>();
        for (PersistentVolumeClaim pvc :
                client.persistentVolumeClaims().inNamespace(namespace).list().getItems()) {
            uids.put(pvc.getMetadata().getName(), pvc.getMetadata().getUid());
        }
        return uids;
    }

    private static void assertClaimsBoundAndMounted(KubernetesClient client, String namespace) {
        for (int i = 0; i < 3; i++) {
            String claim = "datadir-zk-" + i;
            PersistentVolumeClaim pvc = client.persistentVolumeClaims()
                    .inNamespace(namespace)
                    .withName(claim)
                    .get();
            assertThat(pvc.getStatus().getPhase()).isEqualTo("Bound");
            assertThat(pvc.getStatus().getCapacity().get("storage").toString()).isEqualTo("10Gi");
            Pod pod = client.pods().inNamespace(namespace).withName("zk-" + i).get();
            assertThat(pod.getSpec().getVolumes())
                    .filteredOn(v -> "datadir".equals(v.getName()))
                    .extracting(Volume::getPersistentVolumeClaim)
                    .singleElement()
                    .satisfies(source -> assertThat(source.getClaimName()).isEqualTo(claim));
        }
    }
}
