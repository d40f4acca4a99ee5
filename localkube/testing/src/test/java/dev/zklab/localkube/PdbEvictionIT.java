package dev.zklab.localkube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Proof that the real disruption controller and Eviction API guard quorum: with a policy/v1 PDB
 * {@code maxUnavailable: 1}, once one member is disrupted (not Ready), evicting another is refused
 * with HTTP 429.
 */
@WithLocalKube
class PdbEvictionIT {

    @Test
    void evictionOfASecondMemberIsRefusedWith429(KubernetesClient client) {
        try (TestNamespace ns = TestNamespace.create(client, "pdb")) {
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
                    .until(() -> disruptionsAllowed(client, ns.name()) == 1 && currentHealthy(client, ns.name()) == 3);

            // Disrupt zk-0 the way a crashed server would: its readiness goes False.
            client.pods().inNamespace(ns.name()).withName("zk-0").editStatus(pod -> {
                List<PodCondition> conditions = new ArrayList<>();
                for (PodCondition c : pod.getStatus().getConditions()) {
                    boolean readiness =
                            c.getType().equals("Ready") || c.getType().equals("ContainersReady");
                    conditions.add(
                            readiness
                                    ? new PodConditionBuilder(c)
                                            .withStatus("False")
                                            .build()
                                    : c);
                }
                pod.getStatus().setConditions(conditions);
                return pod;
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> disruptionsAllowed(client, ns.name()) == 0);

            Evictions.Answer answer = Evictions.evict(client, ns.name(), "zk-1");

            assertThat(answer.code()).as("eviction answer %s", answer.body()).isEqualTo(429);
            assertThat(answer.body()).contains("disruption budget");
            assertThat(client.pods()
                            .inNamespace(ns.name())
                            .withName("zk-1")
                            .get()
                            .getMetadata()
                            .getDeletionTimestamp())
                    .isNull();
        }
    }

    private static int disruptionsAllowed(KubernetesClient client, String namespace) {
        PodDisruptionBudget pdb = client.policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace(namespace)
                .withName("zk-pdb")
                .get();
        return pdb.getStatus() == null ? -1 : pdb.getStatus().getDisruptionsAllowed();
    }

    private static int currentHealthy(KubernetesClient client, String namespace) {
        PodDisruptionBudget pdb = client.policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace(namespace)
                .withName("zk-pdb")
                .get();
        return pdb.getStatus() == null ? -1 : pdb.getStatus().getCurrentHealthy();
    }
}
