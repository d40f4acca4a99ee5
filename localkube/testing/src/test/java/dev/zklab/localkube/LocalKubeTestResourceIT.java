package dev.zklab.localkube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Quarkus test resource hands the application the run's cluster: through its properties, and
 * through Fabric8's auto-configuration, which is what the Quarkus Kubernetes client builds on.
 */
class LocalKubeTestResourceIT {

    @Test
    void pointsTheApplicationAtTheSharedCluster() {
        LocalKubeTestResource resource = new LocalKubeTestResource();
        Map<String, String> properties = resource.start();
        try {
            LocalKubeCluster cluster = LocalKubeCluster.shared();
            assertThat(properties)
                    .containsEntry(
                            LocalKubeTestResource.KUBECONFIG_PROPERTY,
                            cluster.kubeconfig().toString())
                    .containsEntry("zklab.localkube.cluster", cluster.name());

            try (KubernetesClient autoConfigured = new KubernetesClientBuilder().build()) {
                assertThat(autoConfigured.getMasterUrl().getHost()).isEqualTo("127.0.0.1");
                assertThat(autoConfigured.nodes().list().getItems()).hasSize(LocalKubeCluster.NODES);
            }
        } finally {
            resource.stop();
        }
        assertThat(LocalKubeCluster.shared().kubeconfig()).exists();
    }
}
