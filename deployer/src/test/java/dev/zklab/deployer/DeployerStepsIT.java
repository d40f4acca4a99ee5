package dev.zklab.deployer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zklab.common.cluster.ClusterRef;
import dev.zklab.common.events.StepFailed;
import dev.zklab.common.events.StepRequested;
import dev.zklab.common.messaging.Service;
import dev.zklab.common.messaging.Topics;
import dev.zklab.common.run.EnsembleSpec;
import dev.zklab.kafka.KafkaBrokerTestResource;
import dev.zklab.localkube.LocalKubeCluster;
import dev.zklab.localkube.LocalKubeTestResource;
import dev.zklab.security.TestSignIn;
import dev.zklab.steps.KafkaTestClient;
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
    void deployRecordsEveryPodsCreationReadinessAndNode() {
        JsonNode evidence = succeeded(run("deploy", ensemble("current", "fast"), Map.of()));
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
        assertThat(failed.reason()).contains("ZooKeeper 3.4 has no dynamic reconfiguration", "use imageProfile 'current'");
    }

    @Test
    void stepsThatNeedAnEnsembleSaySo() {
        assertThat(failed(run("durability", ensemble("current", "fast"), Map.of())).reason())
                .contains("no StatefulSet zk in namespace " + namespace, "run the deploy step first");
        assertThat(failed(run("configure", ensemble("current", "fast"), Map.of("tickTime", "3000"))).reason())
                .contains("run the deploy step first");
    }

    EnsembleSpec ensemble(String profile, String storageClass) {
        return new EnsembleSpec(3, profile, Map.of(), storageClass, "1Gi", namespace);
    }

    String run(String step, EnsembleSpec ensemble, Map<String, String> params) {
        String runId = UUID.randomUUID().toString();
        kafka.send(Topics.DEPLOYER_COMMANDS, Service.GATEWAY, new StepRequested(runId, "01-" + step, step, 1,
                new ClusterRef(ClusterRef.LOCAL, cluster.name(), "", ""), ensemble, params, 120, false));
        return runId;
    }

    JsonNode succeeded(String runId) {
        return kafka.awaitSucceeded(received, runId, WAIT);
    }

    StepFailed failed(String runId) {
        return kafka.awaitFailed(received, runId, WAIT);
    }
}
