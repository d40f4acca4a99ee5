package dev.zklab.clusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.container.v1.Cluster;
import com.google.container.v1.GetClusterRequest;
import com.google.container.v1.MasterAuth;
import dev.zklab.clusters.gke.FakeClusterManager;
import dev.zklab.clusters.gke.GkeApi;
import dev.zklab.clusters.gke.GkeException;
import dev.zklab.contracts.cluster.ClusterRef;
import dev.zklab.support.files.PrivateFiles;
import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
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
        writePrivate(dir.resolve("lab/kubeconfig.yaml"), KUBECONFIG);
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
        Path kubeconfig = writePrivate(dir.resolve("config"), KUBECONFIG);
        ClusterResolver resolver = new ClusterResolver(
                dir, Map.of("prod", new ClusterResolver.ExistingCluster(kubeconfig, Optional.empty())));

        assertThat(resolver.config(new ClusterRef("existing", "prod", "", "")).getMasterUrl())
                .startsWith("https://127.0.0.1:6443");
        assertThat(resolver.config(new ClusterRef("existing", "prod", "", "ctx-b"))
                        .getMasterUrl())
                .startsWith("https://127.0.0.2:6443");
        assertThatThrownBy(() -> resolver.config(new ClusterRef("existing", "staging", "", "")))
                .isInstanceOf(UnknownClusterException.class)
                .hasMessageContaining("no existing cluster named 'staging'");
    }

    /** A run names a cluster and at most a context of the kubeconfig the operator configured: nothing else, nowhere else. */
    @Test
    void aContextThatIsNotInTheConfiguredKubeconfigIsRefusedNotReplacedByTheCurrentOne() throws IOException {
        Path kubeconfig = writePrivate(dir.resolve("config"), KUBECONFIG);
        ClusterResolver resolver = new ClusterResolver(
                dir, Map.of("prod", new ClusterResolver.ExistingCluster(kubeconfig, Optional.empty())));

        for (String context : List.of("ctx-c", "https://10.0.0.1:6443", "/etc/kubernetes/admin.conf")) {
            assertThatThrownBy(() -> resolver.config(new ClusterRef("existing", "prod", "", context)))
                    .isInstanceOf(UnknownClusterException.class)
                    .hasMessage("context '" + context + "' is not in the cluster's kubeconfig " + kubeconfig
                            + "; use one of [ctx-a, ctx-b], or leave cluster.context out for its current context");
        }
    }

    @Test
    void aKubeconfigOtherUsersMayReadIsRefusedWithTheFix() throws IOException {
        Files.createDirectories(dir.resolve("lab"));
        Path kubeconfig = writePrivate(dir.resolve("lab/kubeconfig.yaml"), KUBECONFIG);
        Files.setPosixFilePermissions(kubeconfig, PosixFilePermissions.fromString("rw-r--r--"));
        ClusterResolver resolver = new ClusterResolver(dir, Map.of());

        assertThatThrownBy(() -> resolver.config(new ClusterRef("local", "lab", "", "")))
                .isInstanceOf(PrivateFiles.InsecureFileException.class)
                .hasMessage("kubeconfig " + kubeconfig
                        + " may be read or changed by other users (rw-r--r--) and holds credentials;"
                        + " make it yours alone: chmod 600 " + kubeconfig);
        Files.setPosixFilePermissions(kubeconfig, PosixFilePermissions.fromString("rw-------"));
        assertThat(resolver.config(new ClusterRef("local", "lab", "", "")).getMasterUrl())
                .startsWith("https://127.0.0.1:6443");
    }

    private static Path writePrivate(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    @Test
    void kindClusterUsesTheKubeconfigTheProvisionerStored() {
        ClusterFiles files = new ClusterFiles(dir.resolve("clusters"));
        ClusterResolver resolver =
                new ClusterResolver(dir, Map.of(), files, new GkeApi(Optional.empty(), () -> null, () -> null));
        ClusterRef ref = new ClusterRef("kind", "laptop", "", "");

        assertThatThrownBy(() -> resolver.config(ref))
                .isInstanceOf(UnknownClusterException.class)
                .hasMessageContaining("no kind cluster 'laptop' created by zklab")
                .hasMessageContaining("provision-cluster");
        Path stored = files.storeKubeconfig(ref, KUBECONFIG);

        assertThat(resolver.config(ref).getMasterUrl()).startsWith("https://127.0.0.1:6443");
        assertThat(stored).isEqualTo(dir.resolve("clusters/kind/laptop/kubeconfig.yaml"));
    }

    @Test
    void storedFilesAreReadableByZklabOnly() throws IOException {
        ClusterFiles files = new ClusterFiles(dir.resolve("clusters"));
        ClusterRef ref = new ClusterRef("kind", "laptop", "", "");

        files.markOwner(ref, "run-1");
        Path kubeconfig = files.storeKubeconfig(ref, KUBECONFIG);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kubeconfig)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kubeconfig.getParent())))
                .isEqualTo("rwx------");
        assertThat(files.owner(ref)).contains("run-1");
        files.forget(ref);
        files.forget(ref);
        assertThat(files.owner(ref)).isEmpty();
        assertThat(files.kubeconfig(ref)).isEmpty();
    }

    @Test
    void gkeClusterIsReachedAtItsEndpointWithItsCaAndAGoogleToken() {
        try (FakeClusterManager gke = new FakeClusterManager();
                GkeApi api = gke.api("ya29.token")) {
            gke.existing(Cluster.newBuilder()
                    .setName("lab-zookeeper")
                    .setStatus(Cluster.Status.RUNNING)
                    .setSelfLink(api.clusterName("europe-west1-c", "lab-zookeeper"))
                    .setEndpoint("127.0.0.9")
                    .setMasterAuth(MasterAuth.newBuilder().setClusterCaCertificate(FakeClusterManager.CA))
                    .build());
            ClusterResolver resolver = new ClusterResolver(dir, Map.of(), new ClusterFiles(dir), api);

            Config config = resolver.config(new ClusterRef("gke", "lab-zookeeper", "europe-west1-c", ""));

            assertThat(config.getMasterUrl()).startsWith("https://127.0.0.9");
            assertThat(config.getCaCertData()).isEqualTo(FakeClusterManager.CA);
            assertThat(config.getOauthTokenProvider().getToken()).isEqualTo("ya29.token");
            assertThat(config.getOauthToken())
                    .as("no token is written into the configuration")
                    .isNull();
            assertThat(gke.requests(GetClusterRequest.class))
                    .extracting(GetClusterRequest::getName)
                    .containsExactly("projects/zklab-test/locations/europe-west1-c/clusters/lab-zookeeper");
            assertThatThrownBy(() -> resolver.config(new ClusterRef("gke", "other", "europe-west1-c", "")))
                    .isInstanceOf(GkeException.class)
                    .hasMessageContaining("NOT_FOUND")
                    .hasMessageContaining("check the project, the location and the name");
        }
    }

    @Test
    void gkeWithoutAProjectSaysWhereToConfigureIt() {
        ClusterResolver resolver = new ClusterResolver(
                dir, Map.of(), new ClusterFiles(dir), new GkeApi(Optional.empty(), () -> null, () -> null));

        assertThatThrownBy(() -> resolver.config(new ClusterRef("gke", "lab", "europe-west1-c", "")))
                .isInstanceOf(GkeException.class)
                .hasMessageContaining("zklab.clusters.gke.project");
    }

    @Test
    void unknownProviderIsNamed() {
        ClusterResolver resolver = new ClusterResolver(dir, Map.of());

        assertThatThrownBy(() -> resolver.config(new ClusterRef("aks", "lab", "", "")))
                .isInstanceOf(UnknownClusterException.class)
                .hasMessageContaining("unknown cluster provider 'aks'");
    }
}
