package dev.zklab.common.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ClusterRef resolution: local clusters by name, existing clusters as the operator configured them. */
class ClusterResolverTest {

    private static final String KUBECONFIG = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: a
              cluster: {server: "https://127.0.0.1:6443"}
            - name: b
              cluster: {server: "https://127.0.0.2:6443"}
            contexts:
            - name: ctx-a
              context: {cluster: a, user: u}
            - name: ctx-b
              context: {cluster: b, user: u}
            current-context: ctx-a
            users:
            - name: u
              user: {token: t}
            """;

    @TempDir
    Path dir;

    @Test
    void localClusterIsFoundByName() throws IOException {
        Files.createDirectories(dir.resolve("lab"));
        Files.writeString(dir.resolve("lab/kubeconfig.yaml"), KUBECONFIG);
        ClusterResolver resolver = new ClusterResolver(dir, Map.of());

        Config config = resolver.config(new ClusterRef("local", "lab", "", ""));

        assertThat(config.getMasterUrl()).startsWith("https://127.0.0.1:6443");
    }

    @Test
    void missingLocalClusterSaysHowToCreateIt() {
        ClusterResolver resolver = new ClusterResolver(dir, Map.of());

        assertThatThrownBy(() -> resolver.config(new ClusterRef("local", "nope", "", "")))
                .isInstanceOf(UnknownClusterException.class)
                .hasMessageContaining("localkube/localkube create nope");
    }

    @Test
    void existingClusterUsesTheConfiguredKubeconfigAndTheRequestedContext() throws IOException {
        Path kubeconfig = dir.resolve("config");
        Files.writeString(kubeconfig, KUBECONFIG);
        ClusterResolver resolver = new ClusterResolver(dir,
                Map.of("prod", new ClusterResolver.ExistingCluster(kubeconfig, Optional.empty())));

        assertThat(resolver.config(new ClusterRef("existing", "prod", "", "")).getMasterUrl())
                .startsWith("https://127.0.0.1:6443");
        assertThat(resolver.config(new ClusterRef("existing", "prod", "", "ctx-b")).getMasterUrl())
                .startsWith("https://127.0.0.2:6443");
        assertThatThrownBy(() -> resolver.config(new ClusterRef("existing", "staging", "", "")))
                .isInstanceOf(UnknownClusterException.class)
                .hasMessageContaining("no existing cluster named 'staging'");
    }

    @Test
    void providersNotBuiltYetFailLoudly() {
        ClusterResolver resolver = new ClusterResolver(dir, Map.of());

        assertThatThrownBy(() -> resolver.config(new ClusterRef("gke", "lab", "europe-west1-c", "")))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("not implemented yet: cluster provider 'gke'");
        assertThatThrownBy(() -> resolver.config(new ClusterRef("aks", "lab", "", "")))
                .hasMessageContaining("unknown cluster provider 'aks'");
    }
}
