package dev.zklab.provisioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.container.v1.Cluster;
import com.google.container.v1.CreateClusterRequest;
import com.google.container.v1.DeleteClusterRequest;
import dev.zklab.clusters.gke.FakeClusterManager;
import dev.zklab.clusters.local.LocalKube;
import dev.zklab.contracts.cluster.ClusterRef;
import dev.zklab.contracts.events.RunEvent;
import dev.zklab.contracts.events.StepEvent;
import dev.zklab.contracts.events.StepFailed;
import dev.zklab.contracts.events.StepProgress;
import dev.zklab.contracts.events.StepRequested;
import dev.zklab.contracts.events.StepSucceeded;
import dev.zklab.contracts.evidence.Check;
import dev.zklab.contracts.evidence.ClusterEvidence;
import dev.zklab.contracts.evidence.Evidence;
import dev.zklab.contracts.evidence.StorageEvidence;
import dev.zklab.contracts.evidence.TeardownEvidence;
import dev.zklab.contracts.messaging.Service;
import dev.zklab.contracts.messaging.Topics;
import dev.zklab.contracts.run.EnsembleSpec;
import dev.zklab.kafka.KafkaBrokerTestResource;
import dev.zklab.localkube.LocalKubeCluster;
import dev.zklab.localkube.SomeoneElses;
import dev.zklab.provisioner.storage.BindingProof;
import dev.zklab.security.TestSignIn;
import dev.zklab.steps.KafkaTestClient;
import dev.zklab.support.kubernetes.EnsembleNames;
import dev.zklab.support.kubernetes.Marks;
import dev.zklab.support.kubernetes.RunNamespace;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The provisioner's steps as the gateway drives them, for real: a local cluster created, adopted by a
 * second attempt, its storage proven and the cluster deleted by teardown; the operator's existing
 * clusters checked (a user whose RBAC lacks permissions is refused with them named) and cleaned of only
 * what a run made; a kind cluster through a stand-in {@code kind} whose clusters are the module's
 * localkube cluster, so that storage and teardown work on it as on kind; a GKE cluster through GKE's
 * ClusterManager API, faked on a loopback port.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(TestSignIn.class)
@QuarkusTestResource(TestClusters.class)
class ProvisionerStepsIT {

    static final Duration WAIT = Duration.ofSeconds(180);

    KafkaTestClient kafka;
    List<KafkaTestClient.Received> received;
    KubernetesClient client;

    @BeforeEach
    void connect() {
        kafka = new KafkaTestClient(KafkaBrokerTestResource.broker().bootstrapServers());
        received = kafka.record(Topics.EVENTS);
        client = LocalKubeCluster.shared().newClient();
    }

    @AfterEach
    void close() {
        client.close();
        kafka.close();
    }

    @Test
    void aLocalClusterIsCreatedAdoptedProvenAndDeletedByItsRun() throws IOException {
        String runId = UUID.randomUUID().toString();
        String name = unique("zkp-");
        ClusterRef ref = new ClusterRef(ClusterRef.LOCAL, name, "", "");
        EnsembleSpec ensemble = ensemble(2, "fast", "zk-" + name);
        try {
            ClusterEvidence created = evidence(
                    succeeded(runId, "provision-cluster", 1, ref, ensemble, Map.of("nodes", "2")),
                    ClusterEvidence.class);
            assertThat(created.origin()).isEqualTo(ClusterEvidence.Origin.CREATED);
            assertThat(created.nodes()).isEqualTo(2);
            assertThat(created.schedulableNodes()).isEqualTo(2);
            assertThat(created.serverVersion()).startsWith("v1.");
            assertThat(created.checks())
                    .extracting(Check::name)
                    .containsExactly("reachable", "version", "nodes", "permissions");
            assertThat(created.checks()).allMatch(Check::passed);
            assertThat(progress(runId))
                    .first()
                    .asString()
                    .isEqualTo("creating local cluster " + name + " (2 nodes) for run " + runId
                            + "; the run's teardown deletes it");
            assertThat(progress(runId)).anyMatch(p -> p.startsWith("cluster '" + name + "' ready in"));
            Path kubeconfig = LocalKube.ofRepository().kubeconfig(name);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kubeconfig)))
                    .isEqualTo("rw-------");

            ClusterEvidence again = evidence(
                    succeeded(runId, "provision-cluster", 2, ref, ensemble, Map.of("nodes", "2")),
                    ClusterEvidence.class);
            assertThat(again.origin())
                    .as("an attempt after the first takes the run's cluster over")
                    .isEqualTo(ClusterEvidence.Origin.ADOPTED);

            StorageEvidence storage =
                    evidence(succeeded(runId, "setup-storage", 1, ref, ensemble, Map.of()), StorageEvidence.class);
            assertThat(storage.provisioner()).isEqualTo("localkube.zklab.dev/hostpath");
            assertThat(storage.bindingMode()).isEqualTo("Immediate");
            assertThat(storage.withConsumerPod()).isFalse();
            assertThat(storage.volume()).startsWith("pvc-");
            assertThat(storage.bindMillis()).isPositive();

            TeardownEvidence teardown =
                    evidence(succeeded(runId, "teardown", 1, ref, ensemble, Map.of()), TeardownEvidence.class);
            assertThat(teardown.clusterDeleted()).isTrue();
            assertThat(LocalKube.ofRepository().clusters()).doesNotContain(name);
            TeardownEvidence twice =
                    evidence(succeeded(runId, "teardown", 2, ref, ensemble, Map.of()), TeardownEvidence.class);
            assertThat(twice.clusterDeleted()).isFalse();
            assertThat(twice.reason()).contains("does not exist");
        } finally {
            LocalKube.ofRepository().delete(name);
        }
    }

    @Test
    void aClusterThatExistedIsUsedAndLeftStandingByTeardown() {
        String runId = UUID.randomUUID().toString();
        ClusterRef shared =
                new ClusterRef(ClusterRef.LOCAL, LocalKubeCluster.shared().name(), "", "");
        EnsembleSpec ensemble = ensemble(3, "fast", "zk-" + runId.substring(0, 8));

        ClusterEvidence found =
                evidence(succeeded(runId, "provision-cluster", 1, shared, ensemble, Map.of()), ClusterEvidence.class);
        TeardownEvidence teardown =
                evidence(succeeded(runId, "teardown", 1, shared, ensemble, Map.of()), TeardownEvidence.class);

        assertThat(found.origin()).isEqualTo(ClusterEvidence.Origin.FOUND);
        assertThat(found.createSeconds()).isZero();
        assertThat(teardown.clusterDeleted()).isFalse();
        assertThat(teardown.reason())
                .isEqualTo("the cluster was not created by the run: namespace " + ensemble.namespace()
                        + " does not exist, so nothing of the run's is left");
        assertThat(client.nodes().list().getItems()).hasSize(LocalKubeCluster.NODES);
    }

    @Test
    void anExistingClusterIsCheckedWithTheOperatorsCredentials() {
        EnsembleSpec ensemble = ensemble(3, "fast", "zk-checked");

        ClusterEvidence shared = evidence(
                succeeded(UUID.randomUUID().toString(), "provision-cluster", 1, existing("shared"), ensemble, Map.of()),
                ClusterEvidence.class);
        assertThat(shared.origin()).isEqualTo(ClusterEvidence.Origin.CONFIGURED);
        assertThat(shared.checks()).allMatch(Check::passed);
        assertThat(shared.checks().get(3).observed()).isEqualTo("all granted");

        StepFailed limited =
                failed(UUID.randomUUID().toString(), "provision-cluster", 1, existing("limited"), ensemble, Map.of());
        assertThat(limited.reason())
                .startsWith("cluster limited is not fit for the run: zklab's identity may not ")
                .contains("create pods/eviction in zk-checked (drain)", "patch nodes (drain (cordon, uncordon))")
                .doesNotContain("patch statefulsets")
                .endsWith("grant them with RBAC (a ClusterRole bound to zklab's user or service account)");
        ClusterEvidence refused =
                Evidence.read(limited.evidence(), ClusterEvidence.class).orElseThrow();
        assertThat(refused.checks())
                .filteredOn(c -> !c.passed())
                .extracting(Check::name)
                .containsExactly("permissions");
        assertThat(refused.checks())
                .filteredOn(c -> c.name().equals("permissions"))
                .extracting(Check::observed)
                .containsExactly("2 missing");

        StepFailed small = failed(
                UUID.randomUUID().toString(),
                "provision-cluster",
                1,
                existing("shared"),
                ensemble(9, "fast", "zk-checked"),
                Map.of());
        assertThat(small.reason())
                .contains("the ensemble's 9 members each need a node of their own (the lab's anti-affinity), and only "
                        + LocalKubeCluster.NODES
                        + " nodes are Ready and not cordoned; add nodes or ask for fewer members");
    }

    @Test
    void anExistingClusterMustHaveTheNamedStorageClass() {
        StorageEvidence fast = evidence(
                succeeded(
                        UUID.randomUUID().toString(),
                        "setup-storage",
                        1,
                        existing("shared"),
                        ensemble(3, "fast", "zk-storage"),
                        Map.of()),
                StorageEvidence.class);
        assertThat(fast.applied())
                .as("zklab changes no class on a cluster it did not make")
                .isFalse();
        assertThat(fast.volume()).startsWith("pvc-");

        StepFailed missing = failed(
                UUID.randomUUID().toString(),
                "setup-storage",
                1,
                existing("shared"),
                ensemble(3, "nope", "zk-storage"),
                Map.of());
        assertThat(missing.reason())
                .isEqualTo("StorageClass 'nope' does not exist on cluster shared, and zklab does not create "
                        + "classes on a cluster it did not make; name one of [fast, standard] in ensemble.storageClass, or have the "
                        + "cluster's operator create 'nope'");
        assertThat(client.persistentVolumeClaims()
                        .inNamespace("zk-storage")
                        .list()
                        .getItems())
                .as("the proof's claim is gone")
                .isEmpty();
        client.namespaces().withName("zk-storage").delete();
    }

    @Test
    void teardownOfAnExistingClusterRemovesOnlyWhatTheRunMade() {
        String runId = UUID.randomUUID().toString();
        String ended = UUID.randomUUID().toString();
        String runs = unique("zk-");
        String endedRuns = unique("zk-");
        String theirs = unique("team-");
        client.namespaces().resource(RunNamespace.of(runs, runId)).create();
        client.namespaces().resource(RunNamespace.of(endedRuns, ended)).create();
        SomeoneElses.namespace(client, theirs);
        Map<String, String> mine = new HashMap<>(EnsembleNames.LABELS);
        mine.putAll(Marks.ofRun(runId));
        client.configMaps()
                .inNamespace(theirs)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(EnsembleNames.CONFIG_MAP)
                        .withLabels(mine)
                        .endMetadata()
                        .build())
                .create();
        // zklab's, but another run's (one that ended with keepCluster): not this run's to remove.
        client.services()
                .inNamespace(theirs)
                .resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName(EnsembleNames.CLIENT_SERVICE)
                        .withLabels(Marks.ofRun(ended))
                        .endMetadata()
                        .withNewSpec()
                        .addNewPort()
                        .withPort(2181)
                        .endPort()
                        .endSpec()
                        .build())
                .create();
        client.configMaps()
                .inNamespace(theirs)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("their-settings")
                        .endMetadata()
                        .build())
                .create();

        TeardownEvidence own = evidence(
                succeeded(runId, "teardown", 1, existing("shared"), ensemble(3, "fast", runs), Map.of()),
                TeardownEvidence.class);
        TeardownEvidence notMade = evidence(
                succeeded(runId, "teardown", 2, existing("shared"), ensemble(3, "fast", endedRuns), Map.of()),
                TeardownEvidence.class);
        TeardownEvidence shared = evidence(
                succeeded(runId, "teardown", 3, existing("shared"), ensemble(3, "fast", theirs), Map.of()),
                TeardownEvidence.class);

        assertThat(own.clusterDeleted()).isFalse();
        assertThat(own.removed()).containsExactly("namespace " + runs);
        assertThat(own.reason())
                .endsWith("the run made namespace " + runs + ", so it is deleted with everything in it");
        assertThat(client.namespaces().withName(runs).get()).isNull();
        assertThat(notMade.removed()).isEmpty();
        assertThat(client.namespaces().withName(endedRuns).get())
                .as("another run's namespace")
                .isNotNull();
        assertThat(shared.removed()).containsExactly("configmap " + EnsembleNames.CONFIG_MAP);
        assertThat(shared.reason())
                .endsWith("namespace " + theirs + " was not made by the run, so it stays with everything in it"
                        + " but the 1 objects that carry the run's mark");
        assertThat(client.configMaps()
                        .inNamespace(theirs)
                        .withName("their-settings")
                        .get())
                .isNotNull();
        assertThat(client.services()
                        .inNamespace(theirs)
                        .withName(EnsembleNames.CLIENT_SERVICE)
                        .get())
                .isNotNull();
        assertThat(client.namespaces().withName(theirs).get()).isNotNull();
        client.namespaces().withName(theirs).delete();
        client.namespaces().withName(endedRuns).delete();
    }

    @Test
    void theStorageProofRefusesAClaimOfItsNameThatIsSomeoneElses() {
        String namespace = unique("team-");
        SomeoneElses.namespace(client, namespace);
        client.persistentVolumeClaims()
                .inNamespace(namespace)
                .resource(new PersistentVolumeClaimBuilder()
                        .withNewMetadata()
                        .withName(BindingProof.CLAIM)
                        .endMetadata()
                        .withNewSpec()
                        .withAccessModes("ReadWriteOnce")
                        .withStorageClassName("fast")
                        .withNewResources()
                        .addToRequests("storage", new Quantity("1Gi"))
                        .endResources()
                        .endSpec()
                        .build())
                .create();

        StepFailed refused = failed(
                UUID.randomUUID().toString(),
                "setup-storage",
                1,
                existing("shared"),
                ensemble(3, "fast", namespace),
                Map.of());

        assertThat(refused.reason())
                .startsWith("the storage proof cannot run in namespace " + namespace + ": PersistentVolumeClaim "
                        + BindingProof.CLAIM + " in namespace " + namespace + " exists and was not made by zklab");
        assertThat(client.persistentVolumeClaims()
                        .inNamespace(namespace)
                        .withName(BindingProof.CLAIM)
                        .get())
                .as("left as it was")
                .isNotNull();
        assertThat(client.namespaces().withName(namespace).get().getMetadata().getLabels())
                .as("never labelled")
                .doesNotContainKeys(Marks.MANAGED_BY, Marks.RUN);
        client.namespaces().withName(namespace).delete();
    }

    @Test
    void aKindClusterIsMadeAndDeletedThroughTheKindCommand() throws IOException {
        String runId = UUID.randomUUID().toString();
        String name = unique("laptop-");
        ClusterRef ref = new ClusterRef(ClusterRef.KIND, name, "", "");
        EnsembleSpec ensemble = ensemble(3, "fast-kind", "zk-" + name);

        ClusterEvidence created = evidence(
                succeeded(runId, "provision-cluster", 1, ref, ensemble, Map.of("nodes", "3")), ClusterEvidence.class);
        assertThat(created.origin()).isEqualTo(ClusterEvidence.Origin.CREATED);
        assertThat(created.checks()).allMatch(Check::passed);
        List<String> calls = Files.readAllLines(TestClusters.kindCalls);
        assertThat(calls.get(0)).isEqualTo("get clusters");
        assertThat(calls.get(1))
                .matches("create cluster --name " + name + " --config /\\S+\\.yaml --kubeconfig /\\S+ --wait 5m");
        assertThat(calls.get(2)).isEqualTo("get kubeconfig --name " + name);
        assertThat(Files.readString(TestClusters.kindState.resolve("config-" + name + ".yaml")))
                .contains("- role: control-plane\n- role: worker\n- role: worker\n- role: worker\n");
        Path stored = TestClusters.files.resolve("kind").resolve(name).resolve("kubeconfig.yaml");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored)))
                .isEqualTo("rw-------");
        assertThat(progress(runId)).contains("Creating cluster \"" + name + "\" ...");

        StorageEvidence storage =
                evidence(succeeded(runId, "setup-storage", 1, ref, ensemble, Map.of()), StorageEvidence.class);
        assertThat(storage.applied()).isTrue();
        assertThat(storage.provisioner())
                .as("kind's default class's provisioner")
                .isEqualTo("localkube.zklab.dev/hostpath");
        assertThat(storage.bindingMode()).isEqualTo("WaitForFirstConsumer");
        assertThat(storage.withConsumerPod()).isTrue();
        assertThat(storage.volume()).startsWith("pvc-");

        TeardownEvidence teardown =
                evidence(succeeded(runId, "teardown", 1, ref, ensemble, Map.of()), TeardownEvidence.class);
        assertThat(teardown.clusterDeleted()).isTrue();
        assertThat(Files.readAllLines(TestClusters.kindCalls)).contains("delete cluster --name " + name);
        assertThat(stored).doesNotExist();
        client.storage().v1().storageClasses().withName("fast-kind").delete();
    }

    @Test
    void aGkeClusterIsMadeThroughClusterManagerCheckedAndDeletedByItsRun() {
        String runId = UUID.randomUUID().toString();
        String name = unique("gke-");
        ClusterRef ref = new ClusterRef(ClusterRef.GKE, name, "europe-west1-c", "");
        EnsembleSpec ensemble = ensemble(3, "fast", "zk-" + name);
        String self = "projects/" + FakeClusterManager.PROJECT + "/locations/europe-west1-c/clusters/" + name;

        StepFailed provisioned = failed(runId, "provision-cluster", 1, ref, ensemble, Map.of("nodes", "3"));

        CreateClusterRequest create = TestClusters.gke.requests(CreateClusterRequest.class).stream()
                .filter(r -> r.getCluster().getName().equals(name))
                .findFirst()
                .orElseThrow();
        assertThat(create.getParent())
                .isEqualTo("projects/" + FakeClusterManager.PROJECT + "/locations/europe-west1-c");
        assertThat(create.getCluster().getResourceLabelsMap()).containsValue(runId);
        assertThat(TestClusters.gke.clusters().get(self).getStatus()).isEqualTo(Cluster.Status.RUNNING);
        assertThat(progress(runId))
                .anyMatch(p -> p.startsWith("creating GKE cluster " + name + " in " + FakeClusterManager.PROJECT));
        // The fake's clusters answer at a loopback address where nothing listens: the check after the create says so.
        assertThat(provisioned.reason()).startsWith("cluster " + name + " is not fit for the run: ");

        TeardownEvidence teardown =
                evidence(succeeded(runId, "teardown", 1, ref, ensemble, Map.of()), TeardownEvidence.class);
        assertThat(teardown.clusterDeleted()).isTrue();
        assertThat(TestClusters.gke.requests(DeleteClusterRequest.class))
                .extracting(DeleteClusterRequest::getName)
                .contains(self);
        assertThat(TestClusters.gke.clusters()).doesNotContainKey(self);
    }

    // -- helpers

    /** A name no other test (or earlier run) uses. */
    private static String unique(String prefix) {
        return prefix + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
    }

    private static ClusterRef existing(String name) {
        return new ClusterRef(ClusterRef.EXISTING, name, "", "");
    }

    private static EnsembleSpec ensemble(int replicas, String storageClass, String namespace) {
        return new EnsembleSpec(replicas, "current", Map.of(), storageClass, "1Gi", namespace);
    }

    private RunEvent outcome(
            String runId, String step, int attempt, ClusterRef ref, EnsembleSpec ensemble, Map<String, String> params) {
        String stepId = "01-" + step;
        kafka.send(
                Topics.PROVISIONER_COMMANDS,
                Service.GATEWAY,
                new StepRequested(runId, stepId, step, attempt, ref, ensemble, params, 300, step.equals("teardown")));
        return await().atMost(WAIT)
                .until(
                        () -> kafka.eventsOf(received, runId).stream()
                                .filter(e -> e instanceof StepSucceeded || e instanceof StepFailed)
                                .filter(e ->
                                        ((StepEvent) e).stepId().equals(stepId) && ((StepEvent) e).attempt() == attempt)
                                .findFirst()
                                .orElse(null),
                        e -> e != null);
    }

    private JsonNode succeeded(
            String runId, String step, int attempt, ClusterRef ref, EnsembleSpec ensemble, Map<String, String> params) {
        RunEvent outcome = outcome(runId, step, attempt, ref, ensemble, params);
        assertThat(outcome).as("%s attempt %d", step, attempt).isInstanceOf(StepSucceeded.class);
        return ((StepSucceeded) outcome).evidence();
    }

    private StepFailed failed(
            String runId, String step, int attempt, ClusterRef ref, EnsembleSpec ensemble, Map<String, String> params) {
        RunEvent outcome = outcome(runId, step, attempt, ref, ensemble, params);
        assertThat(outcome).as("%s attempt %d", step, attempt).isInstanceOf(StepFailed.class);
        return (StepFailed) outcome;
    }

    private static <T> T evidence(JsonNode evidence, Class<T> type) {
        return Evidence.read(evidence, type).orElseThrow();
    }

    private List<String> progress(String runId) {
        return kafka.eventsOf(received, runId).stream()
                .filter(StepProgress.class::isInstance)
                .map(e -> ((StepProgress) e).message())
                .toList();
    }
}
