package dev.zklab.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zklab.clusters.ClusterResolver;
import dev.zklab.clusters.ClusterResolver.ExistingCluster;
import dev.zklab.contracts.cluster.ClusterRef;
import dev.zklab.contracts.events.StepRequested;
import dev.zklab.contracts.run.EnsembleSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepContextTest {

    @TempDir
    Path dir;

    @Test
    void aStepHasOneClientOfItsClusterForItsLengthAndANewOneAfterItIsClosed() throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig.yaml"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
                users: [{name: u, user: {token: t}}]
                contexts: [{name: c, context: {cluster: c, user: u}}]
                current-context: c
                """);
        Files.setPosixFilePermissions(kubeconfig, PosixFilePermissions.fromString("rw-------"));
        ClusterResolver clusters =
                new ClusterResolver(dir, Map.of("lab", new ExistingCluster(kubeconfig, Optional.empty())));
        StepContext context = context(new ClusterRef(ClusterRef.EXISTING, "lab", "", ""), "zk", clusters);

        KubernetesClient first = context.cluster();
        assertThat(context.cluster()).isSameAs(first);
        assertThat(first.getMasterUrl().toString()).startsWith("https://127.0.0.1:1");
        context.close();
        assertThat(context.cluster()).isNotSameAs(first);
        context.close();
    }

    @Test
    void aStepOfAnEnsembleWithoutANamespaceSaysWhichFieldIsMissing() {
        StepContext context = context(new ClusterRef(ClusterRef.LOCAL, "none", "", ""), " ", null);

        assertThatThrownBy(context::namespace)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the verify step needs the ensemble's namespace (ensemble.namespace)");
    }

    private static StepContext context(ClusterRef cluster, String namespace, ClusterResolver clusters) {
        StepRequested command = new StepRequested(
                "r1",
                "03-verify",
                "verify",
                1,
                cluster,
                new EnsembleSpec(3, "current", Map.of(), "fast", "10Gi", namespace),
                Map.of(),
                60,
                false);
        return new StepContext(command, message -> {}, () -> false, clusters, () -> "auto");
    }
}
