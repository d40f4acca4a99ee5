package dev.zklab.localkube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zklab.clusters.local.LocalKube;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * localkube's own contract: a second cluster runs beside the run's cluster without colliding, and
 * delete is idempotent and leaves no process, directory or network namespace behind.
 */
@WithLocalKube
class LocalKubeLifecycleIT {

    @Test
    void clustersSideBySideAndDeleteLeavesNothingBehind(LocalKubeCluster shared, KubernetesClient sharedClient)
            throws IOException, InterruptedException {
        LocalKube localKube = LocalKube.ofRepository();
        String name = "lkt-" + ProcessHandle.current().pid();
        Path kubeconfig = localKube.create(name, 1);
        Path clusterDir = kubeconfig.getParent();
        try (KubernetesClient second = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString()))
                .build()) {
            assertThat(localKube.clusters()).contains(name, shared.name());
            assertThat(second.getMasterUrl().getPort())
                    .isNotEqualTo(sharedClient.getMasterUrl().getPort());
            assertThat(second.nodes().list().getItems()).hasSize(1);
            assertThat(sharedClient.nodes().list().getItems()).hasSize(LocalKubeCluster.NODES);
        } finally {
            localKube.delete(name);
        }

        assertThat(clusterDir).doesNotExist();
        assertThat(ProcessHandle.allProcesses()
                        .map(p -> p.info().commandLine().orElse(""))
                        .filter(cmd -> cmd.contains(clusterDir.toString())))
                .isEmpty();
        assertThat(networkNamespaces()).doesNotContain("localkube-" + name);
        assertThat(localKube.clusters()).doesNotContain(name).contains(shared.name());

        localKube.delete(name); // idempotent
    }

    private static String networkNamespaces() throws IOException, InterruptedException {
        Process ip = new ProcessBuilder("ip", "netns", "list")
                .redirectErrorStream(true)
                .start();
        String out = new String(ip.getInputStream().readAllBytes());
        ip.waitFor();
        return out;
    }
}
