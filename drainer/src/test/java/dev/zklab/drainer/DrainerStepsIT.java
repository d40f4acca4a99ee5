package dev.zklab.drainer;

import static dev.zklab.security.TestTokens.VIEWER;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zklab.contracts.cluster.ClusterRef;
import dev.zklab.contracts.events.RunCancelled;
import dev.zklab.contracts.events.StepFailed;
import dev.zklab.contracts.events.StepProgress;
import dev.zklab.contracts.events.StepRequested;
import dev.zklab.contracts.messaging.Service;
import dev.zklab.contracts.messaging.Topics;
import dev.zklab.contracts.run.EnsembleSpec;
import dev.zklab.drainer.config.DrainerConfig;
import dev.zklab.drainer.drain.Cordons;
import dev.zklab.drainer.recovery.CordonRecovery;
import dev.zklab.drainer.recovery.DrillLedger;
import dev.zklab.kafka.KafkaBrokerTestResource;
import dev.zklab.localkube.LocalKubeCluster;
import dev.zklab.localkube.LocalKubeTestResource;
import dev.zklab.localkube.SomeoneElses;
import dev.zklab.security.TestSignIn;
import dev.zklab.steps.KafkaTestClient;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The drainer's steps as the gateway drives them, on a local cluster, around the drill itself: bad input
 * refused before anything is cordoned, a drill failing mid-way and a cancelled run leaving no node
 * cordoned, the dry run and the preflight API touching nothing, and a crashed drill's nodes restored by
 * the restarted drainer. The pods here are KWOK's (no ZooKeeper is needed); the drill on real ZooKeeper
 * runs end to end in system-tests (LabRunIT).
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(TestSignIn.class)
@QuarkusTestResource(LocalKubeTestResource.class)
class DrainerStepsIT {

    static final Duration WAIT = Duration.ofSeconds(120);

    LocalKubeCluster cluster;

    @Inject
    CordonRecovery recovery;

    @Inject
    DrainerConfig config;

    KafkaTestClient kafka;
    List<KafkaTestClient.Received> received;
    KubernetesClient client;
    String namespace;

    @BeforeEach
    void connect() {
        kafka = new KafkaTestClient(KafkaBrokerTestResource.broker().bootstrapServers());
        received = kafka.record(Topics.EVENTS);
        client = cluster.newClient();
        namespace = "drain-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        SomeoneElses.namespace(client, namespace);
    }

    @AfterEach
    void close() {
        // Gone before the next test, whose drains and predictions must see only its own pods.
        client.namespaces().withName(namespace).delete();
        await().atMost(WAIT).until(() -> client.namespaces().withName(namespace).get() == null);
        client.close();
        kafka.close();
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsCordoned() {
        deployEnsemble(3);

        StepFailed unknown = failed(run("drain", Map.of("plan", "drain zk-7, uncordon worker-99")));
        assertThat(unknown.reason())
                .startsWith("invalid drill: ")
                .contains("'drain zk-7' names unknown member zk-7; the ensemble in " + namespace + " has zk-0..zk-2")
                .contains("'uncordon worker-99' names unknown node worker-99; the cluster's nodes are [worker-1");
        StepFailed negative = failed(run("drain", Map.of("blockedWaitSeconds", "-5", "plan", "drain")));
        assertThat(negative.reason())
                .contains("blockedWaitSeconds is -5; give a number of seconds, 0 or more")
                .contains("plan action 'drain' names nothing; write e.g. 'drain zk-1' or 'drain worker-2'");
        StepFailed nothing = failed(run("drain", Map.of("plan", " , ")));
        assertThat(nothing.reason()).contains("names no action");

        assertThat(heldNodes()).isEmpty();
    }

    @Test
    void aDrillThatFailsMidwayLeavesNoNodeCordoned() {
        deployEnsemble(1);
        List<String> free = nodesWithoutPods(2);
        client.pods()
                .resource(SimulatedPods.bare(namespace, "unmanaged", free.get(1)))
                .create();
        await().atMost(WAIT).until(() -> podOn(free.get(1)));

        String runId =
                run("drain", Map.of("plan", "drain " + free.get(0) + ", drain " + free.get(1), "probeRate", "0"));

        StepFailed failed = failed(runId);
        // On a cluster the run did not make, another workload's pod on a node to drain refuses the drain, naming it.
        assertThat(failed.reason())
                .isEqualTo("cannot drain " + free.get(1) + ": cannot evict a Pod zklab did not make (namespace "
                        + namespace + ", no controller; an admin may set evictOthers to evict it): " + namespace
                        + "/unmanaged");
        assertThat(progress(runId))
                .anyMatch(p -> p.contains("drain " + free.get(0) + ": draining " + free.get(0)))
                .anyMatch(p -> p.startsWith("uncordoned [") && p.contains(free.get(0)) && p.contains(free.get(1)));
        assertThat(heldNodes()).isEmpty();
        assertThat(schedulable(free.get(0))).isTrue();
        assertThat(schedulable(free.get(1))).isTrue();
        assertThat(client.pods().inNamespace(namespace).withName("unmanaged").get())
                .as("nothing evicted")
                .isNotNull();
    }

    @Test
    void aCancelledRunLeavesNoNodeCordoned() {
        deployEnsemble(1);
        String node = nodesWithoutPods(1).get(0);
        client.apps()
                .deployments()
                .resource(SimulatedPods.deployment(namespace, "guarded", node))
                .create();
        client.policy()
                .v1()
                .podDisruptionBudget()
                .resource(SimulatedPods.noDisruption(namespace, "guarded"))
                .create();
        await().atMost(WAIT).until(() -> podOn(node) && budgetObserved("guarded-pdb"));

        String runId = run(
                "drain",
                Map.of("plan", "drain " + node, "blockedWaitSeconds", "600", "probeRate", "0", "evictOthers", "true"));
        // The budget refuses: the drill retries every 5 s, its node cordoned and annotated for the run.
        await().atMost(WAIT)
                .until(() -> progress(runId).stream().anyMatch(p -> p.startsWith("drain " + node))
                        && heldNodes().contains(node));
        // kubectl's rhythm: a refusal every 5 s, each one seen (none retried away inside the HTTP client).
        await().atMost(Duration.ofSeconds(30)).until(() -> refusals("guarded-pdb") >= 3);
        kafka.send(Topics.DRAINER_COMMANDS, Service.GATEWAY, new RunCancelled(runId, "test cancels the run"));

        StepFailed failed = failed(runId);
        assertThat(failed.reason()).contains("run cancelled while");
        assertThat(heldNodes()).isEmpty();
        assertThat(schedulable(node)).isTrue();
        assertThat(given().get("/q/metrics").asString()).contains("zklab_drain_refusals_total{budget=\"guarded-pdb\"}");
    }

    @Test
    void theDryRunAndThePreflightApiPredictWithoutTouchingAnything() {
        deployEnsemble(3);
        await().atMost(WAIT)
                .until(() -> client.pods().inNamespace(namespace).list().getItems().stream()
                                .filter(p -> p.getSpec().getNodeName() != null)
                                .count()
                        == 3);

        JsonNode dry = succeeded(run("drain", Map.of("plan", "drain zk-0", "dryRun", "true")));
        assertThat(dry.path("dryRun").asBoolean()).isTrue();
        assertThat(dry.path("preflight").get(0).path("pods").get(0).path("pod").asText())
                .isEqualTo("zk-0");
        assertThat(dry.path("preflight").get(0).path("pods").get(0).path("fate").asText())
                .isEqualTo("MOVES");
        assertThat(dry.path("actions")).isEmpty();
        assertThat(heldNodes()).isEmpty();

        Map<String, Object> request = Map.of(
                "cluster",
                Map.of("provider", "local", "name", cluster.name()),
                "namespace",
                namespace,
                "params",
                Map.of("plan", "drain zk-1"));
        given().contentType("application/json")
                .body(request)
                .post("/api/drain-preflight")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(VIEWER)
                .contentType("application/json")
                .body(request)
                .post("/api/drain-preflight")
                .then()
                .statusCode(200)
                .body("dryRun", equalTo(true))
                .body("preflight[0].action", equalTo("drain zk-1"))
                .body("preflight[0].pods[0].reason", containsString("zk-1 moves ("));
        given().auth()
                .oauth2(VIEWER)
                .contentType("application/json")
                .body(Map.of(
                        "cluster",
                        Map.of("provider", "local", "name", cluster.name()),
                        "namespace",
                        namespace,
                        "params",
                        Map.of("plan", "drain zk-9")))
                .post("/api/drain-preflight")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("params"))
                .body("errors[0].message", containsString("unknown member zk-9"));
        given().auth()
                .oauth2(VIEWER)
                .contentType("application/json")
                .body(Map.of(
                        "cluster",
                        Map.of("provider", "local", "name", cluster.name()),
                        "namespace",
                        "no-such-namespace"))
                .post("/api/drain-preflight")
                .then()
                .statusCode(404)
                .body("detail", containsString("run the deploy step first"));
        assertThat(heldNodes()).isEmpty();
    }

    @Test
    void theRestartedDrainerRestoresTheNodesOfDrillsThatAreNoLongerRunning() {
        List<String> nodes = nodesWithoutPods(2);
        String crashed = "crashed-" + UUID.randomUUID();
        String alive = "alive-" + UUID.randomUUID();
        // What a drainer killed in the middle of a drill leaves: its note on disk and a node it cordoned, not renewed
        // for long; and a node of a drill that another drainer is running (renewed just now).
        new DrillLedger(config).begin(crashed, new ClusterRef(ClusterRef.LOCAL, cluster.name(), "", ""));
        new DrillLedger(config).begin(alive, new ClusterRef(ClusterRef.LOCAL, cluster.name(), "", ""));
        cordonAs(nodes.get(0), crashed, Instant.now().minus(Duration.ofMinutes(10)));
        cordonAs(nodes.get(1), alive, Instant.now());
        try {
            List<String> restored = recovery.sweep();

            assertThat(restored).containsExactly(nodes.get(0));
            assertThat(schedulable(nodes.get(0))).isTrue();
            assertThat(client.nodes().withName(nodes.get(0)).get().getMetadata().getAnnotations())
                    .doesNotContainKey(Cordons.RUN_ANNOTATION);
            assertThat(schedulable(nodes.get(1)))
                    .as("a drill still renewing its nodes is left alone")
                    .isFalse();
        } finally {
            new Cordons(client).uncordon(nodes.get(1), alive);
            new DrillLedger(config).end(alive);
        }
    }

    void deployEnsemble(int replicas) {
        client.apps()
                .statefulSets()
                .resource(SimulatedPods.ensemble(namespace, replicas))
                .create();
        await().atMost(WAIT)
                .until(() -> client.pods().inNamespace(namespace).withLabel("app", "zk-sim").list().getItems().stream()
                                .filter(dev.zklab.support.kubernetes.Pods::isReady)
                                .count()
                        == replicas);
    }

    /** Nodes no pod runs on (so that the test's drains touch only its own pods). */
    List<String> nodesWithoutPods(int count) {
        Set<String> busy = client.pods().inAnyNamespace().list().getItems().stream()
                .map(p -> p.getSpec().getNodeName())
                .filter(n -> n != null)
                .collect(Collectors.toSet());
        List<String> free = client.nodes().list().getItems().stream()
                .map(n -> n.getMetadata().getName())
                .filter(n -> !busy.contains(n))
                .filter(this::schedulable)
                .sorted()
                .toList();
        assertThat(free).as("free nodes").hasSizeGreaterThanOrEqualTo(count);
        return free.subList(0, count);
    }

    boolean podOn(String node) {
        return client.pods().inNamespace(namespace).list().getItems().stream()
                .anyMatch(p -> node.equals(p.getSpec().getNodeName()) && dev.zklab.support.kubernetes.Pods.isReady(p));
    }

    boolean budgetObserved(String name) {
        var pdb = client.policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace(namespace)
                .withName(name)
                .get();
        return pdb != null
                && pdb.getStatus() != null
                && pdb.getStatus().getCurrentHealthy() != null
                && pdb.getStatus().getCurrentHealthy() == 1;
    }

    double refusals(String budget) {
        return given().get("/q/metrics")
                .asString()
                .lines()
                .filter(l -> l.startsWith("zklab_drain_refusals_total{budget=\"" + budget + "\"}"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    boolean schedulable(String node) {
        return !Boolean.TRUE.equals(
                client.nodes().withName(node).get().getSpec().getUnschedulable());
    }

    /** Nodes any drill holds cordoned. */
    List<String> heldNodes() {
        return client.nodes().list().getItems().stream()
                .filter(n -> Cordons.annotation(n, Cordons.RUN_ANNOTATION) != null)
                .map(n -> n.getMetadata().getName())
                .toList();
    }

    void cordonAs(String node, String runId, Instant renewed) {
        Map<String, String> annotations = new HashMap<>(Map.of(
                Cordons.RUN_ANNOTATION,
                runId,
                Cordons.ACTION_ANNOTATION,
                "#1 drain zk-0",
                Cordons.RENEWED_ANNOTATION,
                renewed.toString()));
        client.nodes()
                .withName(node)
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"annotations\":"
                                + new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(annotations)
                                + "},\"spec\":{\"unschedulable\":true}}");
    }

    String run(String step, Map<String, String> params) {
        String runId = UUID.randomUUID().toString();
        kafka.send(
                Topics.DRAINER_COMMANDS,
                Service.GATEWAY,
                new StepRequested(
                        runId,
                        "01-" + step,
                        step,
                        1,
                        new ClusterRef(ClusterRef.LOCAL, cluster.name(), "", ""),
                        new EnsembleSpec(3, "current", Map.of(), "fast", "1Gi", namespace, true, true),
                        params,
                        300,
                        false));
        return runId;
    }

    List<String> progress(String runId) {
        return kafka.eventsOf(received, runId).stream()
                .filter(StepProgress.class::isInstance)
                .map(e -> ((StepProgress) e).message())
                .toList();
    }

    JsonNode succeeded(String runId) {
        return kafka.awaitSucceeded(received, runId, WAIT);
    }

    StepFailed failed(String runId) {
        return kafka.awaitFailed(received, runId, WAIT);
    }
}
