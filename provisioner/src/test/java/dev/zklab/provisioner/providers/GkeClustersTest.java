package dev.zklab.provisioner.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.container.v1.Cluster;
import com.google.container.v1.CreateClusterRequest;
import com.google.container.v1.DeleteClusterRequest;
import com.google.container.v1.GetOperationRequest;
import com.google.container.v1.NodePool;
import dev.zklab.clusters.ClusterFiles;
import dev.zklab.clusters.ClusterResolver;
import dev.zklab.clusters.gke.FakeClusterManager;
import dev.zklab.clusters.gke.GkeApi;
import dev.zklab.clusters.gke.GkeException;
import dev.zklab.contracts.cluster.ClusterRef;
import dev.zklab.contracts.events.StepRequested;
import dev.zklab.contracts.evidence.ClusterEvidence.Origin;
import dev.zklab.contracts.run.EnsembleSpec;
import dev.zklab.provisioner.providers.ClusterProvider.Removal;
import dev.zklab.steps.StepContext;
import io.fabric8.kubernetes.client.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GKE provider against an in-process fake of GKE's ClusterManager: the requests it sends (the
 * lab's cluster, marked with the run), the operation it follows with progress, adoption instead of a
 * second create, deletion only of the run's own cluster, GKE's refusals turned into what to fix, and
 * the Kubernetes client configuration every service builds for the created cluster.
 */
class GkeClustersTest {

    static final String RUN = "7d0c1f1e-5b7a-4e43-9a57-1b0f5e9d2c11";
    static final String ZONE = "europe-west1-c";

    final FakeClusterManager fake = new FakeClusterManager();
    final GkeApi api = fake.api("ya29.fake-token");
    final GkeClusters gke = new GkeClusters(api, Duration.ofMillis(10));
    final List<String> progress = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        api.close();
        fake.close();
    }

    @Test
    void createsTheLabsClusterMarkedWithTheRunAndFollowsTheOperation() {
        Origin origin = gke.provision(order("lab-zookeeper", 4, "n1-standard-2"), context(RUN));

        assertThat(origin).isEqualTo(Origin.CREATED);
        CreateClusterRequest create = fake.requests(CreateClusterRequest.class).get(0);
        assertThat(create.getParent()).isEqualTo("projects/zklab-test/locations/europe-west1-c");
        assertThat(create.getCluster().getName()).isEqualTo("lab-zookeeper");
        assertThat(create.getCluster().getResourceLabelsMap()).containsEntry("zklab-run", RUN);
        NodePool pool = create.getCluster().getNodePools(0);
        assertThat(pool.getInitialNodeCount()).isEqualTo(4);
        assertThat(pool.getConfig().getMachineType()).isEqualTo("n1-standard-2");
        assertThat(fake.requests(GetOperationRequest.class))
                .extracting(GetOperationRequest::getName)
                .allMatch(n -> n.equals("projects/zklab-test/locations/europe-west1-c/operations/operation-1"))
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(progress.get(0))
                .startsWith(
                        "creating GKE cluster lab-zookeeper in zklab-test/europe-west1-c (4 x n1-standard-2) for run "
                                + RUN);
        assertThat(progress)
                .anyMatch(p -> p.contains("operation operation-1 RUNNING (NODES_TOTAL=4)"))
                .anyMatch(p -> p.contains("operation operation-1 DONE"));
        assertThat(fake.clusters().values()).extracting(Cluster::getStatus).containsExactly(Cluster.Status.RUNNING);
    }

    @Test
    void theKubeconfigOfTheCreatedClusterIsItsEndpointItsCaAndAGoogleToken() {
        gke.provision(order("lab-zookeeper", 4, "n1-standard-2"), context(RUN));
        ClusterResolver resolver = new ClusterResolver(dir, Map.of(), new ClusterFiles(dir), api);

        Config config = resolver.config(new ClusterRef("gke", "lab-zookeeper", ZONE, ""));

        assertThat(config.getMasterUrl()).isEqualTo("https://127.0.0.9/");
        assertThat(config.getCaCertData()).isEqualTo(FakeClusterManager.CA);
        assertThat(config.getOauthTokenProvider().getToken()).isEqualTo("ya29.fake-token");
        assertThat(config.getUsername()).isNull();
        assertThat(config.getPassword()).isNull();
    }

    @Test
    void aClusterTheRunBeganIsAdoptedNotCreatedTwice() {
        gke.provision(order("lab-zookeeper", 4, "n1-standard-2"), context(RUN));

        Origin again = gke.provision(order("lab-zookeeper", 4, "n1-standard-2"), context(RUN));

        assertThat(again).isEqualTo(Origin.ADOPTED);
        assertThat(fake.requests(CreateClusterRequest.class)).hasSize(1);
    }

    @Test
    void teardownDeletesOnlyTheRunsOwnClusterAndTwiceIsFine() {
        gke.provision(order("lab-zookeeper", 4, "n1-standard-2"), context(RUN));
        fake.existing(Cluster.newBuilder()
                .setName("someone-elses")
                .setStatus(Cluster.Status.RUNNING)
                .setSelfLink(api.clusterName(ZONE, "someone-elses"))
                .build());

        assertThat(gke.remove(ref("someone-elses"), RUN, context(RUN))).isEqualTo(Removal.NOT_OURS);
        assertThat(gke.remove(ref("lab-zookeeper"), "another-run", context("another-run")))
                .isEqualTo(Removal.NOT_OURS);
        assertThat(gke.remove(ref("lab-zookeeper"), RUN, context(RUN))).isEqualTo(Removal.DELETED);
        assertThat(gke.remove(ref("lab-zookeeper"), RUN, context(RUN))).isEqualTo(Removal.GONE);

        assertThat(fake.requests(DeleteClusterRequest.class))
                .extracting(DeleteClusterRequest::getName)
                .containsExactly("projects/zklab-test/locations/europe-west1-c/clusters/lab-zookeeper");
        assertThat(fake.clusters()).containsOnlyKeys(api.clusterName(ZONE, "someone-elses"));
        assertThat(progress).anyMatch(p -> p.startsWith("deleting GKE cluster lab-zookeeper"));
    }

    @Test
    void aClusterThatExistedIsUsedAndLeftStanding() {
        fake.existing(Cluster.newBuilder()
                .setName("shared")
                .setStatus(Cluster.Status.RUNNING)
                .setSelfLink(api.clusterName(ZONE, "shared"))
                .build());

        assertThat(gke.provision(order("shared", 4, "n1-standard-2"), context(RUN)))
                .isEqualTo(Origin.FOUND);
        assertThat(fake.requests(CreateClusterRequest.class)).isEmpty();
    }

    @Test
    void aZoneOrMachineTypeGkeRejectsSaysWhatToCheck() {
        assertThatThrownBy(() -> gke.provision(
                        new ClusterOrder(new ClusterRef("gke", "lab", "nowhere", ""), RUN, 4, "n1-standard-2"),
                        context(RUN)))
                .isInstanceOf(GkeException.class)
                .hasMessageStartingWith("creating GKE cluster lab in zklab-test/nowhere failed: INVALID_ARGUMENT")
                .hasMessageContaining("Location \"nowhere\" does not exist")
                .hasMessageContaining("check the cluster's location (a zone such as europe-west1-c), machine type");
    }

    @Test
    void aQuotaErrorSaysWhichQuotaAndWhatToDo() {
        fake.quotaNodes(3);

        assertThatThrownBy(() -> gke.provision(order("lab-zookeeper", 4, "n1-standard-2"), context(RUN)))
                .isInstanceOf(GkeException.class)
                .hasMessageContaining("RESOURCE_EXHAUSTED")
                .hasMessageContaining("Insufficient regional quota")
                .hasMessageContaining("raise the quota");
        assertThat(fake.clusters()).isEmpty();
    }

    @Test
    void withoutAProjectTheStepSaysWhereToConfigureIt() {
        GkeClusters unconfigured =
                new GkeClusters(new GkeApi(java.util.Optional.empty(), () -> null, () -> null), Duration.ofMillis(10));

        assertThatThrownBy(() -> unconfigured.provision(order("lab", 4, "n1-standard-2"), context(RUN)))
                .isInstanceOf(GkeException.class)
                .hasMessageContaining("zklab.clusters.gke.project");
    }

    private static ClusterRef ref(String name) {
        return new ClusterRef("gke", name, ZONE, "");
    }

    private static ClusterOrder order(String name, int nodes, String machineType) {
        return new ClusterOrder(ref(name), RUN, nodes, machineType);
    }

    private StepContext context(String runId) {
        StepRequested command = new StepRequested(
                runId,
                "01-provision-cluster",
                "provision-cluster",
                1,
                new ClusterRef("gke", "lab", ZONE, ""),
                new EnsembleSpec(3, "current", Map.of(), "fast", "10Gi", "zk"),
                Map.of(),
                120,
                false);
        return new StepContext(command, progress::add, () -> false, null, null);
    }
}
