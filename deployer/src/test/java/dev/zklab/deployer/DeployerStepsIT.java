package dev.zklab.deployer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zklab.contracts.cluster.ClusterRef;
import dev.zklab.contracts.events.StepFailed;
import dev.zklab.contracts.events.StepRequested;
import dev.zklab.contracts.messaging.Service;
import dev.zklab.contracts.messaging.Topics;
import dev.zklab.contracts.run.EnsembleSpec;
import dev.zklab.kafka.KafkaBrokerTestResource;
import dev.zklab.localkube.LocalKubeCluster;
import dev.zklab.localkube.LocalKubeTestResource;
import dev.zklab.localkube.SomeoneElses;
import dev.zklab.security.TestSignIn;
import dev.zklab.steps.KafkaTestClient;
import dev.zklab.support.kubernetes.EnsembleOwnership;
import dev.zklab.support.kubernetes.Marks;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deployer's steps as the gateway drives them: commands on Kafka, a local cluster by name, and
 * the outcome with its evidence on the events topic.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(TestSignIn.class)
@QuarkusTestResource(LocalKubeTestResource.class)
class DeployerStepsIT {

    static final Duration WAIT = Duration.ofSeconds(150);

    LocalKubeCluster cluster;
    KafkaTestClient kafka;
    List<KafkaTestClient.Received> received;
    KubernetesClient client;
    String namespace;

    @BeforeEach
    void connect() {
        kafka = new KafkaTestClient(KafkaBrokerTestResource.broker().bootstrapServers());
        received = kafka.record(Topics.EVENTS);
        client = cluster.newClient();
        namespace = "zk-steps-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
    }

    @AfterEach
    void close() {
        client.namespaces().withName(namespace).delete();
        client.close();
        kafka.close();
    }

    @Test
    void deployRecordsEveryPodsCreationReadinessAndNodeAndMarksItAsTheRunsAlone() {
        String first = run("deploy", ensemble("current", "fast"), Map.of());
        JsonNode evidence = succeeded(first);
        assertThat(evidence.path("namespace").asText()).isEqualTo(namespace);
        assertThat(evidence.path("image").asText()).isEqualTo("docker.io/library/zookeeper:3.9.5");
        assertThat(evidence.path("orderedReady").asBoolean()).isTrue();
        assertThat(evidence.path("pods")).hasSize(3);
        for (JsonNode pod : evidence.path("pods")) {
            assertThat(pod.path("node").asText()).startsWith("worker-");
            assertThat(pod.path("created").asText()).isNotBlank();
            assertThat(pod.path("ready").asText()).isNotBlank();
        }
        assertThat(evidence.path("timeline").get(0).path("pod").asText()).isEqualTo("zk-0");

        // Another run may not change it (two runs must not share an ensemble) unless it takes over an ended run's.
        StepFailed refused = failed(run("deploy", ensemble("current", "fast"), Map.of()));
        assertThat(refused.reason())
                .contains(
                        "StatefulSet zk in namespace " + namespace + " belongs to zklab run " + first
                                + "; set ensemble.takeOver to take over an ended run's ensemble, or choose another ensemble.namespace");
        String taker =
                run("deploy", new EnsembleSpec(3, "current", Map.of(), "fast", "1Gi", namespace, true, true), Map.of());
        succeeded(taker);
        assertThat(EnsembleOwnership.read(client, namespace).objects())
                .filteredOn(o -> !o.getKind().equals("Pod") && !o.getKind().equals("PersistentVolumeClaim"))
                .isNotEmpty()
                .allSatisfy(o -> assertThat(Marks.run(o)).contains(taker));
        assertThat(Marks.run(client.namespaces().withName(namespace).get()))
                .as("the namespace an ended run made")
                .contains(taker);
    }

    @Test
    void anEnsembleZklabDidNotMakeIsRefusedBeforeAnythingIsChanged() {
        SomeoneElses.namespace(client, namespace);
        StatefulSet theirs = client.resource(SomeoneElses.zookeeper(namespace))
                .fieldManager(SomeoneElses.MANAGER)
                .serverSideApply();

        for (String step : List.of("deploy", "durability", "scale")) {
            StepFailed failed = failed(
                    run(step, ensemble("current", "fast"), step.equals("scale") ? Map.of("replicas", "5") : Map.of()));
            assertThat(failed.reason())
                    .as(step)
                    .isEqualTo(
                            "StatefulSet zk in namespace " + namespace
                                    + " exists and was not made by zklab (field manager: helm); choose another ensemble.namespace");
        }
        StatefulSet after = client.apps()
                .statefulSets()
                .inNamespace(namespace)
                .withName("zk")
                .get();
        assertThat(after.getMetadata().getGeneration())
                .as("its spec unchanged")
                .isEqualTo(theirs.getMetadata().getGeneration());
        assertThat(after.getMetadata().getLabels())
                .as("its labels unchanged")
                .isEqualTo(theirs.getMetadata().getLabels());
        assertThat(Marks.managers(after)).as("no apply of zklab's").containsExactly("helm");
        assertThat(client.namespaces().withName(namespace).get().getMetadata().getLabels())
                .as("never labelled")
                .doesNotContainKeys(Marks.MANAGED_BY, Marks.RUN);
        assertThat(client.services().inNamespace(namespace).list().getItems())
                .as("nothing applied")
                .isEmpty();
        assertThat(client.configMaps()
                        .inNamespace(namespace)
                        .withName("zk-config")
                        .get())
                .isNull();
    }

    @Test
    void aMissingStorageClassFailsBeforeAnythingIsApplied() {
        StepFailed failed = failed(run("deploy", ensemble("current", "pd-ssd"), Map.of()));
        assertThat(failed.reason()).contains("StorageClass 'pd-ssd' not found in the cluster", "one of [fast]");
        assertThat(client.namespaces().withName(namespace).get()).isNull();
    }

    @Test
    void theTutorialProfileCannotBeScaled() {
        StepFailed failed = failed(run("scale", ensemble("tutorial", "fast"), Map.of("replicas", "5")));
        assertThat(failed.reason())
                .contains("ZooKeeper 3.4 has no dynamic reconfiguration", "use imageProfile 'current'");
    }

    @Test
    void stepsThatNeedAnEnsembleSaySo() {
        assertThat(failed(run("durability", ensemble("current", "fast"), Map.of()))
                        .reason())
                .contains("no StatefulSet zk in namespace " + namespace, "run the deploy step first");
        assertThat(failed(run("configure", ensemble("current", "fast"), Map.of("tickTime", "3000")))
                        .reason())
                .contains("run the deploy step first");
    }

    EnsembleSpec ensemble(String profile, String storageClass) {
        return new EnsembleSpec(3, profile, Map.of(), storageClass, "1Gi", namespace);
    }

    String run(String step, EnsembleSpec ensemble, Map<String, String> params) {
        String runId = UUID.randomUUID().toString();
        kafka.send(
                Topics.DEPLOYER_COMMANDS,
                Service.GATEWAY,
                new StepRequested(
                        runId,
                        "01-" + step,
                        step,
                        1,
                        new ClusterRef(ClusterRef.LOCAL, cluster.name(), "", ""),
                        ensemble,
                        params,
                        120,
                        false));
        return runId;
    }

    JsonNode succeeded(String runId) {
        return kafka.awaitSucceeded(received, runId, WAIT);
    }

    StepFailed failed(String runId) {
        return kafka.awaitFailed(received, runId, WAIT);
    }
}
