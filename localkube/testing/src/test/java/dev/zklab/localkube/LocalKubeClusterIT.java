package dev.zklab.localkube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cluster localkube creates for a test run: what the lab's step 1 and 2 ask of a cluster. */
@WithLocalKube
class LocalKubeClusterIT {

    @Test
    void hasFourReadySchedulableWorkersWithDistinctHostnames(KubernetesClient client) {
        List<Node> nodes = client.nodes().list().getItems();

        assertThat(nodes).hasSize(LocalKubeCluster.NODES);
        assertThat(nodes).allSatisfy(node -> {
            assertThat(node.getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE);
            assertThat(node.getStatus().getConditions())
                    .anySatisfy(
                            c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Ready=True"));
        });
        assertThat(nodes.stream()
                        .map(n -> n.getMetadata().getLabels().get("kubernetes.io/hostname"))
                        .distinct())
                .hasSize(LocalKubeCluster.NODES);
    }

    @Test
    void servesStorageClassFast(KubernetesClient client) {
        assertThat(client.storage().v1().storageClasses().withName("fast").get())
                .isNotNull();
    }

    @Test
    void apiServerIsOnLoopback(KubernetesClient client) {
        assertThat(URI.create(client.getMasterUrl().toString()).getHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void reportsTheBuiltKubernetesVersion(KubernetesClient client) {
        assertThat(client.getKubernetesVersion().getGitVersion()).matches("v1\\.(3[3-9]|[4-9]\\d)\\.\\d+");
    }
}
