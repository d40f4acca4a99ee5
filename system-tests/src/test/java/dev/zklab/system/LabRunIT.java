package dev.zklab.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zklab.clusters.local.LocalKube;
import dev.zklab.contracts.events.RunCompleted;
import dev.zklab.contracts.events.StepRequested;
import dev.zklab.contracts.messaging.Topics;
import dev.zklab.kafka.KafkaBrokerTestResource;
import dev.zklab.localkube.ContainerProcesses;
import dev.zklab.localkube.LocalKubeCluster;
import dev.zklab.localkube.SomeoneElses;
import dev.zklab.members.EnsembleConnection;
import dev.zklab.members.MemberAccess;
import dev.zklab.members.MemberAnswers;
import dev.zklab.members.PortForwardAccess;
import dev.zklab.members.ZooKeeperTimeouts;
import dev.zklab.security.TestTokens;
import dev.zklab.steps.KafkaTestClient;
import dev.zklab.support.kubernetes.EnsembleNames;
import dev.zklab.support.kubernetes.EnsembleOwnership;
import dev.zklab.support.kubernetes.Marks;
import dev.zklab.support.security.TokenFile;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole system as ./zklab up runs it, end to end through the gateway's API: the five packaged
 * services, a real broker, and localkube clusters whose zk pods run real ZooKeeper servers. A run whose
 * cluster does not exist fails honestly. The default run — the whole lab on a cluster of its own, through
 * a deployer and a drainer killed in the middle of their steps — is checked fact by fact from its report.
 * On a shared cluster: a missing PDB fails verification, the lab's drill on its 4 nodes with the budget and
 * without it (the quorum lost), their reports side by side, and a killed server. The test itself also talks
 * to the members the way zklab does from outside a cluster (port-forwards), to read /hello.
 */
class LabRunIT {

    static final List<PackagedService> services = new ArrayList<>();
    /** A real Prometheus scraping the five services and the shared cluster's members throughout, evaluating zklab's rules. */
    static PrometheusServer prometheus;

    static String bootstrap;
    static GatewayApi api;

    @BeforeAll
    static void startServices() {
        bootstrap = KafkaBrokerTestResource.broker().bootstrapServers();
        services.addAll(PackagedService.startAll(bootstrap));
        api = new GatewayApi(services.get(PackagedService.ALL.indexOf("gateway"))).checkingReports();
        prometheus = PrometheusServer.scraping(services, LocalKubeCluster.shared());
    }

    @AfterAll
    static void stopServices() {
        if (prometheus != null) {
            prometheus.close();
        }
        services.forEach(PackagedService::close);
    }

    @Test
    void aRunWhoseClusterDoesNotExistFailsWithTheFirstStepsReasonAndStillCleansUp() {
        String id = api.start("{\"steps\": [\"deploy\", \"verify\", \"drain\"]}");

        JsonPath run = api.awaitEnded(id, "FAILED");
        // The deployer does its step; the run's local cluster was never provisioned (provision-cluster is not a step
        // here).
        assertThat(run.getString("reason"))
                .startsWith("step 01-deploy failed: no local cluster 'zklab-")
                .contains("create it with 'localkube/localkube create zklab-");
        assertThat(run.getList("steps.id"))
                .containsExactly("01-deploy", "02-verify", "03-drain", "04-uncordon", "05-teardown");
        assertThat(run.getList("steps.status")).containsExactly("FAILED", "SKIPPED", "SKIPPED", "FAILED", "SUCCEEDED");
        assertThat(run.getString("steps[3].reason")).startsWith("no local cluster 'zklab-");
        // Teardown finds no cluster of the run's to delete: nothing to do, and nothing left behind.
        assertThat(run.getBoolean("steps[4].evidence.clusterDeleted")).isFalse();
        assertThat(run.getString("steps[4].evidence.reason"))
                .isEqualTo("the cluster does not exist (never created, or deleted already)");
        assertThat(RestAssured.given()
                        .baseUri(deployer().url())
                        .get("/q/metrics")
                        .asString())
                .contains("zklab_step_duration_seconds_count{outcome=\"failed\",service=\"deployer\",step=\"deploy\"}");
    }

    /**
     * The README's main job: the API's default run ({}) is the whole lab on a local cluster of its own, through a
     * deployer killed in the middle of deploy and a drainer killed in the middle of the drill; the report holds the
     * lab's facts — not only SUCCEEDED — and the cluster is gone at the end.
     */
    @Test
    void theDefaultRunIsTheWholeLabOnItsOwnClusterAndItsReportHoldsTheLabsFacts() throws Exception {
        // What ./zklab run does once the system is up: `zklab run`, the API's default run ({}), followed to its end.
        Path out = Files.createTempFile("zklab-run-", ".out");
        Path err = Files.createTempFile("zklab-run-", ".err");
        Process zklabRun = new PackagedCli(service("gateway").url()).start(out, err, "run");
        String id = await().atMost(Duration.ofMinutes(1))
                .until(
                        () -> Files.readString(err)
                                .lines()
                                .findFirst()
                                .map(l -> l.replaceAll("^run \\S+ started: .*/api/runs/(\\S+) .*$", "$1"))
                                .orElse(""),
                        s -> s.length() == 36);
        JsonPath requested = api.get(id);
        String cluster = requested.getString("spec.cluster.name");
        String namespace = requested.getString("spec.ensemble.namespace");
        LocalKube localKube = LocalKube.ofRepository();
        Map<String, String> secrets = new LinkedHashMap<>();
        await().atMost(Duration.ofMinutes(2))
                .ignoreExceptions()
                .until(() -> localKube.clusters().contains(cluster) && Files.exists(localKube.kubeconfig(cluster)));
        try (KubernetesClient client = clientOf(localKube.kubeconfig(cluster))) {
            // At least once: the deployer dies (SIGKILL) in the middle of deploy and is started again at once; the new
            // one gets the command again and runs the step again — the same attempt, well before the step's timeout.
            await().atMost(Duration.ofMinutes(3))
                    .ignoreExceptions()
                    .until(() -> client.pods()
                                    .inNamespace(namespace)
                                    .withName("zk-0")
                                    .get()
                            != null);
            restart("deployer");
            // What must never leave the cluster or zklab's own files: checked against everything the run produced,
            // below.
            secrets.putAll(SecretHygiene.ofKubeconfig(localKube.kubeconfig(cluster)));
            secrets.putAll(SecretHygiene.ofApiTokens(refusedTokens()));
            Map<String, String> superUser = SecretHygiene.ofSuperUser(await().atMost(Duration.ofMinutes(1))
                    .until(
                            () -> client.secrets()
                                    .inNamespace(namespace)
                                    .withName(EnsembleNames.ADMIN_SECRET)
                                    .get(),
                            Objects::nonNull));
            secrets.putAll(superUser);
            // The super user's password and digest live in its Secret only: the members take the digest from it by
            // reference.
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> client.pods()
                                            .inNamespace(namespace)
                                            .withName("zk-0")
                                            .get()
                                    != null
                            && client.configMaps()
                                            .inNamespace(namespace)
                                            .withName(EnsembleNames.CONFIG_MAP)
                                            .get()
                                    != null);
            SecretHygiene.assertNoneIn(
                    superUser,
                    Map.of(
                            "the namespace's objects but Secret " + EnsembleNames.ADMIN_SECRET,
                            client.getKubernetesSerialization()
                                    .asYaml(List.of(
                                            client.configMaps()
                                                    .inNamespace(namespace)
                                                    .list(),
                                            client.apps()
                                                    .statefulSets()
                                                    .inNamespace(namespace)
                                                    .list(),
                                            client.pods().inNamespace(namespace).list(),
                                            client.services()
                                                    .inNamespace(namespace)
                                                    .list(),
                                            client.v1()
                                                    .events()
                                                    .inNamespace(namespace)
                                                    .list()))));

            // Scaled 3 -> 5 -> 3: the removed members' claims are gone (whenScaled: Delete) and so is their
            // configuration; /hello reads through every member, the way zklab reaches members from outside a cluster.
            await().atMost(Duration.ofMinutes(4))
                    .until(() -> !"PENDING".equals(api.get(id).getString("steps[9].status")));
            assertThat(client.persistentVolumeClaims()
                            .inNamespace(namespace)
                            .list()
                            .getItems())
                    .extracting(c -> c.getMetadata().getName())
                    .containsExactlyInAnyOrder("datadir-zk-0", "datadir-zk-1", "datadir-zk-2");
            assertThat(client.configMaps()
                            .inNamespace(namespace)
                            .withName("zk-config")
                            .get()
                            .getData()
                            .get("zoo.cfg.dynamic"))
                    .doesNotContain("server.4");
            MemberAccess access = new PortForwardAccess(client, namespace);
            for (int ordinal = 0; ordinal < 3; ordinal++) {
                int member = ordinal;
                assertThat(await().atMost(Duration.ofMinutes(1))
                                .ignoreExceptions()
                                .until(() -> read(access, member, "/hello"), v -> true))
                        .as("/hello through zk-%d after 3 -> 5 -> 3", ordinal)
                        .isEqualTo("world");
            }

            // The drainer dies (SIGKILL) in the middle of the drill and is started again at once: the command comes
            // again and the drill goes on from the nodes it had cordoned.
            await().atMost(Duration.ofMinutes(3))
                    .until(() -> !heldBy(client, id).isEmpty());
            // What zklab_nodes_cordoned (and the alert on a node left cordoned) counts: the drainer holds them now.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> new GatewayApi(service("drainer").url()).metric("zklab_nodes_cordoned") >= 1);
            restart("drainer");
        }
        JsonPath run = api.awaitEnded(id, "SUCCEEDED");
        PackagedCli.Result cli = PackagedCli.awaitResult(zklabRun, out, err);
        assertThat(cli.exit()).as("zklab run: %s", cli).isZero();
        assertThat(cli.out()).as("zklab run prints the report").isEqualTo(api.report(id));
        assertThat(cli.err())
                .as("progress, a line per change")
                .containsPattern("\n  03-deploy +SUCCEEDED in ")
                .containsPattern("\n  14-teardown +SUCCEEDED in ")
                .contains("run " + id.substring(0, 8) + " SUCCEEDED in ");

        assertThat(run.getList("steps.id"))
                .containsExactly(
                        "01-provision-cluster",
                        "02-setup-storage",
                        "03-deploy",
                        "04-verify",
                        "05-durability",
                        "06-verify",
                        "07-scale",
                        "08-verify",
                        "09-scale",
                        "10-verify",
                        "11-drain",
                        "12-verify",
                        "13-uncordon",
                        "14-teardown");
        // The cluster: made for the run, a node per member of the largest ensemble (5), its storage proven.
        assertThat(run.getString("steps[0].evidence.origin")).isEqualTo("CREATED");
        assertThat(run.getInt("steps[0].evidence.schedulableNodes")).isEqualTo(5);
        assertThat(run.getList("steps[0].progress", String.class))
                .first()
                .asString()
                .isEqualTo("creating local cluster " + cluster + " (5 nodes) for run " + id
                        + "; the run's teardown deletes it");
        assertThat(run.getString("steps[1].evidence.provisioner")).isEqualTo("localkube.zklab.dev/hostpath");
        assertThat(run.getString("steps[1].evidence.volume")).startsWith("pvc-");

        // Deploy: ordered start, ids 1..3, one leader, each member on its own node — through a deployer that died.
        assertThat(run.getInt("steps[2].attempts"))
                .as("the command ran again, not a retry")
                .isEqualTo(1);
        assertThat(run.getList("steps[2].evidence.members.serverId", Integer.class))
                .containsExactly(1, 2, 3);
        assertThat(run.getList("steps[2].evidence.members.mode", String.class))
                .containsOnly("leader", "follower")
                .filteredOn("leader"::equals)
                .hasSize(1);
        assertThat(run.getBoolean("steps[2].evidence.orderedReady")).isTrue();
        assertThat(run.getList("steps[2].evidence.pods.node", String.class))
                .doesNotHaveDuplicates()
                .hasSize(3);
        assertAllChecksPassed(
                run,
                3,
                "replicas-ready",
                "ordered-start",
                "pod-identity",
                "endpoints",
                "storage",
                "distinct-nodes",
                "pdb",
                "members-serving",
                "server-ids",
                "one-leader",
                "same-configuration",
                "configuration-matches-pods",
                "in-sync",
                "hello-replicated");
        assertThat(check(run, 3, "ordered-start").getString("observed"))
                .contains("timeline of 03-deploy", "pod timestamps: ");
        assertThat(check(run, 3, "server-ids").getString("observed")).isEqualTo("zk-0 1, zk-1 2, zk-2 3");
        assertThat(check(run, 3, "hello-replicated").getString("observed"))
                .startsWith("written through zk-0 at ")
                .contains("read 'world' through zk-1");

        // Durability: the same claims (uids) after the StatefulSet was deleted and made again; /hello read through
        // zk-2.
        assertThat(run.getBoolean("steps[4].evidence.sameClaims")).isTrue();
        assertThat(run.getMap("steps[4].evidence.claimsAfter"))
                .hasSize(3)
                .isEqualTo(run.getMap("steps[4].evidence.claimsBefore"));
        assertThat(run.getBoolean("steps[4].evidence.marker.equal")).isTrue();
        assertAllChecksPassed(run, 5, "same-claims", "hello-durable");
        assertThat(check(run, 5, "hello-durable").getString("observed")).startsWith("read 'world' through zk-2");

        // Scaling by dynamic reconfiguration, one member at a time, every member agreeing after each change.
        assertThat(run.getList("steps[6].evidence.changes.change", String.class))
                .containsExactly("add zk-3", "add zk-4");
        assertThat(run.getList("steps[8].evidence.changes.change", String.class))
                .containsExactly("remove zk-4", "remove zk-3");
        for (String step : List.of("steps[6]", "steps[8]")) {
            for (Map<String, Boolean> agreed :
                    run.<Map<String, Boolean>>getList(step + ".evidence.changes.membersAgree")) {
                assertThat(agreed.values())
                        .as("every member agrees after each change of %s", step)
                        .containsOnly(true);
            }
        }
        assertThat(run.getMap("steps[8].evidence.changes[1].servers")).containsOnlyKeys("1", "2", "3");
        assertAllChecksPassed(run, 7, "configuration-matches-pods", "distinct-nodes", "pdb");
        assertThat(run.getInt("steps[7].evidence.replicas")).isEqualTo(5);
        assertThat(check(run, 7, "server-ids").getString("observed"))
                .isEqualTo("zk-0 1, zk-1 2, zk-2 3, zk-3 4, zk-4 5");
        assertThat(check(run, 7, "pdb").getString("observed"))
                .contains("expectedPods 5")
                .contains("disruptionsAllowed 1");
        assertAllChecksPassed(run, 9, "configuration-matches-pods");
        assertThat(run.getInt("steps[9].evidence.replicas")).isEqualTo(3);

        // The drill on 5 nodes, resumed by the new drainer: zk-0 and zk-1 move, zk-2 stays Pending, the next drain is
        // refused.
        assertThat(run.getString("steps[10].evidence.resumed"))
                .contains("an earlier attempt of this step had cordoned");
        assertThat(run.getInt("steps[10].attempts"))
                .as("the command ran again, not a retry")
                .isEqualTo(1);
        assertThat(observedFates(run, 10)).endsWith("MOVES", "PENDING", "BLOCKED");
        keep(run, 10, "drill-5-nodes-resumed");
        assertDrill(run, 10);
        assertAllChecksPassed(run, 11, "one-leader", "hello-replicated", "pdb");

        // Clean-up: no node left cordoned (the drill's nodes-restored check, and uncordon found none), the cluster
        // deleted.
        assertThat(run.getList("steps[12].evidence.uncordoned", String.class)).isEmpty();
        assertThat(run.getBoolean("steps[13].evidence.clusterDeleted")).isTrue();
        assertThat(localKube.clusters()).doesNotContain(cluster);

        // The report says so in its first sentence, and its page shows it.
        assertThat(run.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(run.getString("requestedBy"))
                .as("zklab run signs in with the local user's operator token")
                .isEqualTo(TestTokens.user(TestTokens.OPERATOR));
        JsonPath report = api.given()
                .get("/api/runs/" + id + "/report")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(report.getString("summary.verdict"))
                .startsWith("Passed: a 3-member ensemble started in order; all 5 verifications"
                        + " passed; it kept its data when its StatefulSet was deleted; it was scaled to 5, then 3 members; the drain drill"
                        + " kept the quorum, its PodDisruptionBudget refusing an eviction ")
                .endsWith("0 writes lost); the cluster was deleted at the end.");
        assertThat(api.report(id))
                .contains(
                        "change: add zk-3",
                        "change: remove zk-3",
                        "membersAgree:",
                        "[pass] configuration-matches-pods",
                        "[pass] hello-replicated");
        assertReportPageRenders(run, "lab-report");
        assertNothingZklabProducedHoldsTheSecrets(id, secrets);
        // A benchmark figure (no assertion on it): the run's wall time against the waits nobody can avoid, from its
        // evidence.
        Files.writeString(
                Path.of("target", "lab-run-waits.txt"), LabRunWaits.of(run).describe());
    }

    @Test
    void aLocalRunOnASharedClusterKeepsItsDataThroughADrillWithAndWithoutTheBudgetAndAKilledServer() throws Exception {
        LocalKubeCluster cluster = LocalKubeCluster.shared();
        String namespace =
                "zk-e2e-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        String cordoned = null;
        try (KubernetesClient client = cluster.newClient()) {
            MemberAccess access = new PortForwardAccess(client, namespace);

            api.run(cluster.name(), namespace, "[\"deploy\"]");
            followTheLabByHand(cluster.name(), namespace);
            JsonPath deploy = api.run(cluster.name(), namespace, "[\"verify\"]");
            assertAllChecksPassed(deploy, 0, "pdb", "hello-replicated");
            assertTheCliPredictsAndRenders(deploy.getString("id"), cluster.name(), namespace);
            // The verifier wrote /hello through zk-0; read it independently, the way zklab reaches members from
            // outside.
            assertThat(read(access, 1, "/hello"))
                    .as("/hello written by the verifier through zk-0, read through zk-1")
                    .isEqualTo("world");
            // A Kubernetes-level fault on the real cluster: without its PDB the verification fails that check and says
            // so.
            client.policy()
                    .v1()
                    .podDisruptionBudget()
                    .inNamespace(namespace)
                    .withName("zk-pdb")
                    .delete();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> client.policy()
                                    .v1()
                                    .podDisruptionBudget()
                                    .inNamespace(namespace)
                                    .withName("zk-pdb")
                                    .get()
                            == null);
            JsonPath broken = api.run(cluster.name(), namespace, "[\"verify\"]", "FAILED");
            assertThat(broken.getString("reason"))
                    .contains("pdb: PodDisruptionBudget zk-pdb is missing in namespace " + namespace);
            assertThat(broken.getList("steps[0].evidence.checks.findAll { !it.passed }.name", String.class))
                    .containsExactly("pdb");
            assertThat(api.report(broken.getString("id")))
                    .contains(
                            "[FAIL] pdb", "[pass] hello-replicated", "why:      PodDisruptionBudget zk-pdb is missing");

            // The lab's 4 nodes: one of the 5 cordoned beforehand (by someone else: the drill leaves it so).
            // zk-0 moves, zk-1 stays Pending, zk-2's drain is blocked — predicted, then observed.
            List<String> occupied = client.pods().inNamespace(namespace).list().getItems().stream()
                    .map(p -> p.getSpec().getNodeName())
                    .toList();
            cordoned = client.nodes().list().getItems().stream()
                    .map(n -> n.getMetadata().getName())
                    .filter(n -> !occupied.contains(n))
                    .sorted()
                    .findFirst()
                    .orElseThrow();
            setUnschedulable(client, cordoned, true);
            // The deploy step first restores the PDB deleted above.
            JsonPath lab = api.run(
                    cluster.name(),
                    namespace,
                    "[\"deploy\", {\"name\": \"drain\", \"params\": {\"blockedWaitSeconds\": \"15\"}}]");
            assertThat(lab.getList("steps[1].evidence.plan", String.class))
                    .containsExactly("drain zk-0", "drain zk-1", "drain zk-2");
            assertThat(lab.getList("steps[1].evidence.preflight.pods.flatten().fate", String.class))
                    .containsExactly("MOVES", "PENDING", "BLOCKED");
            assertThat(observedFates(lab, 1)).containsExactly("MOVES", "PENDING", "BLOCKED");
            assertThat(lab.getList("steps[1].evidence.cordonedBefore", String.class))
                    .containsExactly(cordoned);
            assertThat(lab.getString("steps[1].evidence.preflight[1].pods[0].reason"))
                    .startsWith("zk-1 stays Pending: no schedulable node satisfies its anti-affinity");
            keep(lab, 1, "drill-4-nodes");
            assertDrill(lab, 1);
            // Refused at once, then every 5 s until the 15 s wait was over: each refusal recorded.
            assertThat(lab.getList("steps[1].evidence.actions[2].refusals")).hasSizeGreaterThanOrEqualTo(3);
            assertThat(client.nodes().withName(cordoned).get().getSpec().getUnschedulable())
                    .as("cordoned beforehand, still")
                    .isTrue();
            assertThat(read(access, 0, "/hello"))
                    .as("/hello through zk-0 after it moved off its drained node")
                    .isEqualTo("world");
            assertThat(RestAssured.given()
                            .baseUri(service("drainer").url())
                            .get("/q/metrics")
                            .asString())
                    .contains(
                            "zklab_drain_refusals_total{budget=\"zk-pdb\"}",
                            "zklab_probe_operations_total{kind=\"write\",outcome=\"ok\"}",
                            "zklab_drain_seconds_count{outcome=\"blocked\"}",
                            "zklab_drill_availability_ratio ",
                            "zklab_drill_longest_write_gap_seconds ",
                            "zklab_drill_latency_p99_seconds ")
                    // Every node the drill cordoned is restored, and the node cordoned by hand is not zklab's.
                    .contains("zklab_nodes_cordoned 0.0", "zklab_drill_lost_writes 0.0");

            // The same drill on the same 4 nodes without the budget (ensemble.podDisruptionBudget false): the deploy
            // removes zk-pdb, the verifier expects none, and the drain of zk-2's node goes through while zk-1 is
            // Pending — two of three members down: the quorum is lost for as long as the nodes stay drained. Not one
            // acknowledged write lost.
            JsonPath unguarded = api.awaitEnded(api.start("""
                    {"cluster": {"provider": "local", "name": "%s"}, "ensemble": {"namespace": "%s", "podDisruptionBudget": false, "takeOver": true},
                     "steps": ["deploy", "verify", {"name": "drain", "params": {"blockedWaitSeconds": "15"}}, "verify"],
                     "options": {"keepCluster": true}}""".formatted(cluster.name(), namespace)), "SUCCEEDED");
            assertThat(unguarded.getList("steps[0].evidence.applied", String.class))
                    .isNotEmpty()
                    .noneMatch(o -> o.startsWith("PodDisruptionBudget"));
            assertThat(client.policy()
                            .v1()
                            .podDisruptionBudget()
                            .inNamespace(namespace)
                            .withName("zk-pdb")
                            .get())
                    .isNull();
            assertThat(check(unguarded, 1, "pdb").getString("observed")).isEqualTo("none");
            assertThat(unguarded.getList("steps[2].evidence.preflight.pods.flatten().fate", String.class))
                    .containsExactly("MOVES", "PENDING", "PENDING");
            assertThat(observedFates(unguarded, 2)).containsExactly("MOVES", "PENDING", "PENDING");
            assertThat(unguarded.getList("steps[2].evidence.actions.action", String.class))
                    .containsExactly("drain zk-0", "drain zk-1", "drain zk-2", "hold", "uncordon");
            assertThat(unguarded.getList("steps[2].evidence.actions.refusals.flatten()"))
                    .isEmpty();
            assertThat(unguarded.getLong("steps[2].evidence.probe.overall.longestWriteGapMs"))
                    .as("the quorum lost")
                    .isGreaterThanOrEqualTo(10_000);
            assertThat(unguarded.getLong("steps[2].evidence.probe.set.lost"))
                    .as("acknowledged writes lost")
                    .isZero();
            assertThat(unguarded.getList("steps[2].evidence.checks.name", String.class))
                    .containsExactly("predictions", "no-lost-writes", "nodes-restored", "quorum-whole");
            assertThat(unguarded.getList("steps[2].evidence.checks.findAll { !it.passed }.name", String.class))
                    .isEmpty();
            keep(unguarded, 2, "drill-4-nodes-without-pdb");
            assertAllChecksPassed(unguarded, 3, "pdb", "one-leader", "hello-replicated");
            setUnschedulable(client, cordoned, false);
            cordoned = null;

            // Side by side: the report of the drill without the budget beside the one with it.
            String compare = lab.getString("id");
            JsonPath compared = api.given()
                    .queryParam("compare", compare)
                    .get("/api/runs/" + unguarded.getString("id") + "/report")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(compared.getBoolean("summary.drill.budget")).isFalse();
            assertThat(compared.getBoolean("summary.drill.quorumLost")).isTrue();
            assertThat(compared.getBoolean("comparedDrill.budget")).isTrue();
            assertThat(compared.getBoolean("comparedDrill.quorumLost")).isFalse();
            assertThat(compared.getInt("comparedDrill.refusals")).isGreaterThanOrEqualTo(3);
            assertThat(compared.getString("summary.verdict"))
                    .contains("without a PodDisruptionBudget the drain drill lost the quorum" + " (availability ")
                    .contains("0 writes lost");
            api.assertReportMatchesItsSchema(unguarded.getString("id"), compare);
            assertComparisonPageRenders(unguarded.getString("id"), compare);
            assertTheDashboardAndTheRulesShowTheseRuns();
            assertPrometheusFoundTheMembers(namespace);

            // A server that dies is restarted like a container (restart count, last state) and rejoins.
            String volume = client.persistentVolumeClaims()
                    .inNamespace(namespace)
                    .withName("datadir-zk-1")
                    .get()
                    .getSpec()
                    .getVolumeName();
            ProcessHandle server = ContainerProcesses.serverWithVolume(volume)
                    .orElseThrow(() -> new AssertionError("no ZooKeeper process of zk-1 (volume " + volume + ")"));
            assertThat(ContainerProcesses.uid(server))
                    .as("the server runs as the pod's runAsUser")
                    .isEqualTo(1000);
            server.destroyForcibly();
            await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() -> {
                var status = client.pods()
                        .inNamespace(namespace)
                        .withName("zk-1")
                        .get()
                        .getStatus()
                        .getContainerStatuses()
                        .get(0);
                return status.getRestartCount() >= 1
                        && status.getLastState().getTerminated() != null
                        && serving(access, 1);
            });
            assertThat(read(access, 1, "/hello"))
                    .as("/hello through zk-1 after its server was killed")
                    .isEqualTo("world");
        } finally {
            try (KubernetesClient client = cluster.newClient()) {
                if (cordoned != null) {
                    setUnschedulable(client, cordoned, false);
                }
                client.namespaces().withName(namespace).delete();
            }
        }
    }

    /**
     * On a cluster zklab did not make, as an operator meets it: a run in someone's namespace (their ConfigMap, their
     * Deployment's pods on every node) deploys beside them, its drill refuses the node that holds their pod and names it,
     * and its teardown removes only what carries the run's mark; a second run naming that namespace while the first is
     * in flight is refused; someone's StatefulSet zk is never applied over; the cluster's own namespaces are refused; a
     * run that made its namespace deletes it.
     */
    @Test
    void onAClusterZklabDidNotMakeARunChangesAndRemovesOnlyWhatItMade() {
        LocalKubeCluster cluster = LocalKubeCluster.shared();
        String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        String payments = "payments-" + suffix;
        String theirs = "theirs-" + suffix;
        String own = "zk-own-" + suffix;
        try (KubernetesClient client = cluster.newClient()) {
            int nodes = client.nodes().list().getItems().size();
            SomeoneElses.namespace(client, payments);
            client.configMaps()
                    .inNamespace(payments)
                    .resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("precious")
                            .endMetadata()
                            .addToData("k", "v")
                            .build())
                    .create();
            client.apps()
                    .deployments()
                    .inNamespace(payments)
                    .resource(onEveryNode("api", nodes))
                    .create();
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> client.pods().inNamespace(payments).withLabel("app", "api").list().getItems().stream()
                                    .filter(p -> p.getSpec().getNodeName() != null)
                                    .count()
                            == nodes);

            String id = operator()
                    .contentType("application/json")
                    .body("""
                    {"cluster": {"provider": "local", "name": "%s"}, "ensemble": {"namespace": "%s"},
                     "steps": ["deploy", {"name": "drain", "params": {"plan": "drain zk-0", "probeRate": "0"}}]}""".formatted(cluster.name(), payments))
                    .post("/api/runs")
                    .then()
                    .statusCode(202)
                    .extract()
                    .path("id");
            operator()
                    .contentType("application/json")
                    .body("""
                    {"cluster": {"provider": "local", "name": "%s"}, "ensemble": {"namespace": "%s"}, "steps": ["verify"]}""".formatted(cluster.name(), payments))
                    .post("/api/runs")
                    .then()
                    .statusCode(409)
                    .contentType("application/problem+json")
                    .body(
                            "detail",
                            containsString("namespace " + payments + " of cluster local/" + cluster.name()
                                    + " is used by run " + id + ", which has not ended"));
            JsonPath run = api.awaitEnded(id, "FAILED");
            assertThat(run.getString("reason"))
                    .contains(
                            "cannot evict a Pod zklab did not make (namespace " + payments + ", owner ReplicaSet api-")
                    .contains("an admin may set evictOthers to evict it): " + payments + "/api-");
            assertThat(client.nodes().list().getItems())
                    .as("no node left cordoned")
                    .noneMatch(n -> Boolean.TRUE.equals(n.getSpec().getUnschedulable()));
            List<String> removed = run.getList("steps.find { it.name == 'teardown' }.evidence.removed", String.class);
            assertThat(removed)
                    .contains(
                            "statefulset zk",
                            "service zk-hs",
                            "service zk-cs",
                            "configmap zk-config",
                            "secret zk-admin",
                            "poddisruptionbudget zk-pdb",
                            "persistentvolumeclaim datadir-zk-0")
                    .noneMatch(r -> r.startsWith("namespace"));
            assertThat(run.getString("steps.find { it.name == 'teardown' }.evidence.reason"))
                    .endsWith("namespace " + payments
                            + " was not made by the run, so it stays with everything in it but the " + (removed.size())
                            + " objects that carry the run's mark");
            Namespace left = client.namespaces().withName(payments).get();
            assertThat(left).as("their namespace").isNotNull();
            assertThat(left.getMetadata().getLabels())
                    .as("never labelled")
                    .doesNotContainKeys(Marks.MANAGED_BY, Marks.RUN);
            assertThat(client.configMaps()
                            .inNamespace(payments)
                            .withName("precious")
                            .get()
                            .getData())
                    .containsEntry("k", "v");
            assertThat(client.apps()
                            .deployments()
                            .inNamespace(payments)
                            .withName("api")
                            .get())
                    .as("their Deployment")
                    .isNotNull();
            await().atMost(Duration.ofMinutes(1))
                    .untilAsserted(() -> assertThat(
                                    EnsembleOwnership.read(client, payments).objects())
                            .as("nothing of zklab's left")
                            .isEmpty());

            // Someone's StatefulSet zk — the tutorial's own name — is never applied over: the deploy fails naming it.
            SomeoneElses.namespace(client, theirs);
            StatefulSet helms = client.resource(SomeoneElses.zookeeper(theirs))
                    .fieldManager(SomeoneElses.MANAGER)
                    .serverSideApply();
            JsonPath refused = api.awaitEnded(
                    operator()
                            .contentType("application/json")
                            .body("""
                    {"cluster": {"provider": "local", "name": "%s"}, "ensemble": {"namespace": "%s"}, "steps": ["deploy"]}""".formatted(cluster.name(), theirs))
                            .post("/api/runs")
                            .then()
                            .statusCode(202)
                            .extract()
                            .path("id"),
                    "FAILED");
            assertThat(refused.getString("reason"))
                    .isEqualTo(
                            "step 01-deploy failed: StatefulSet zk in namespace " + theirs
                                    + " exists and was not made by zklab (field manager: helm); choose another ensemble.namespace");
            StatefulSet after = client.apps()
                    .statefulSets()
                    .inNamespace(theirs)
                    .withName("zk")
                    .get();
            assertThat(after.getMetadata().getGeneration())
                    .as("its spec unchanged")
                    .isEqualTo(helms.getMetadata().getGeneration());
            assertThat(after.getMetadata().getLabels())
                    .as("its labels unchanged")
                    .isEqualTo(helms.getMetadata().getLabels());
            assertThat(Marks.managers(after)).as("no apply of zklab's").containsExactly("helm");
            assertThat(refused.getList("steps.find { it.name == 'teardown' }.evidence.removed"))
                    .isEmpty();
            assertThat(client.namespaces().withName(theirs).get()).isNotNull();

            // The cluster's own namespaces are never an ensemble's; other workloads' pods are an admin's to evict.
            for (String system : List.of("kube-system", "default")) {
                operator()
                        .contentType("application/json")
                        .body("{\"ensemble\": {\"namespace\": \"" + system + "\"}}")
                        .post("/api/runs")
                        .then()
                        .statusCode(400)
                        .body("errors[0].field", equalTo("ensemble.namespace"))
                        .body("errors[0].message", containsString("is a namespace of the cluster itself"));
            }
            operator()
                    .contentType("application/json")
                    .body("""
                    {"steps": ["deploy", {"name": "drain", "params": {"evictOthers": "true"}}]}""")
                    .post("/api/runs")
                    .then()
                    .statusCode(403)
                    .body("errors[0].field", equalTo("steps[1].params.evictOthers"));

            // A run that made its namespace deletes it whole.
            JsonPath made = api.awaitEnded(
                    operator()
                            .contentType("application/json")
                            .body("""
                    {"cluster": {"provider": "local", "name": "%s"}, "ensemble": {"namespace": "%s"}, "steps": ["setup-storage"]}""".formatted(cluster.name(), own))
                            .post("/api/runs")
                            .then()
                            .statusCode(202)
                            .extract()
                            .path("id"),
                    "SUCCEEDED");
            assertThat(made.getList("steps.find { it.name == 'teardown' }.evidence.removed"))
                    .containsExactly("namespace " + own);
            assertThat(client.namespaces().withName(own).get()).isNull();
        } finally {
            try (KubernetesClient client = cluster.newClient()) {
                List.of(payments, theirs, own)
                        .forEach(n -> client.namespaces().withName(n).delete());
            }
        }
    }

    /** A request as an operator: who most often starts runs, and may keep nothing and force nothing. */
    static RequestSpecification operator() {
        return RestAssured.given().baseUri(service("gateway").url()).auth().oauth2(TestTokens.OPERATOR);
    }

    /** Someone's Deployment with one pod on each of {@code nodes} nodes (KWOK simulates them). */
    static Deployment onEveryNode(String name, int nodes) {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withReplicas(nodes)
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", name)
                .endMetadata()
                .withNewSpec()
                .withNewAffinity()
                .withNewPodAntiAffinity()
                .addNewRequiredDuringSchedulingIgnoredDuringExecution()
                .withTopologyKey("kubernetes.io/hostname")
                .withNewLabelSelector()
                .addToMatchLabels("app", name)
                .endLabelSelector()
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .endPodAntiAffinity()
                .endAffinity()
                .withTerminationGracePeriodSeconds(0L)
                .addNewContainer()
                .withName(name)
                .withImage("registry.k8s.io/pause:3.10")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /**
     * Tokens the gateway and the drainer refuse — one that looks like an API token, a JWT signed with a key no one
     * trusts — each sent before the run's secrets are searched for, so a service that logged one is caught.
     */
    static Map<String, String> refusedTokens() {
        Map<String, String> refused = Map.of(
                "a refused API token",
                TokenFile.TOKEN_PREFIX + UUID.randomUUID(),
                "a refused JWT",
                TestTokens.jwtOfAnotherIssuerKey("mallory", Set.of("admin")));
        for (String token : refused.values()) {
            RestAssured.given()
                    .baseUri(service("gateway").url())
                    .auth()
                    .oauth2(token)
                    .get("/api/runs")
                    .then()
                    .statusCode(401);
            RestAssured.given()
                    .baseUri(service("drainer").url())
                    .auth()
                    .oauth2(token)
                    .contentType("application/json")
                    .body("{}")
                    .post("/api/drain-preflight")
                    .then()
                    .statusCode(401);
        }
        return refused;
    }

    /**
     * Secret hygiene: none of the run's secrets — its cluster's kubeconfig credentials, the ZooKeeper super user's
     * password and digest — is in anything zklab produced: the events and commands on Kafka, every service's log
     * (those killed mid-step too), the run and its report in every form.
     */
    static void assertNothingZklabProducedHoldsTheSecrets(String id, Map<String, String> secrets) {
        Map<String, String> places = new LinkedHashMap<>();
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            List<KafkaTestClient.Received> records = kafka.record(Topics.all().toArray(String[]::new));
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> kafka.eventsOf(records, id).stream().anyMatch(e -> e instanceof RunCompleted)
                            && kafka.eventsOf(records, id).stream()
                                    .anyMatch(e -> e instanceof StepRequested command
                                            && command.stepId().equals("14-teardown")));
            records.forEach(r -> places.merge(
                    "Kafka topic " + r.topic(), r.value() + "\n" + r.traceparent() + "\n", String::concat));
        }
        PackagedService.allLogs().forEach(log -> places.put("log " + log, SecretHygiene.read(log)));
        places.put("GET /api/runs/" + id, api.given().get("/api/runs/" + id).asString());
        places.put(
                "the run's events (GET /api/runs/" + id + "/events)",
                api.given().get("/api/runs/" + id + "/events").asString());
        places.put(
                "the run's changes (GET /api/runs/" + id + "/changes)",
                api.given().get("/api/runs/" + id + "/changes").asString());
        places.put("the text report", api.report(id));
        places.put(
                "the JSON report",
                api.given()
                        .accept("application/json")
                        .get("/api/runs/" + id + "/report")
                        .asString());
        places.put("the report page", api.reportPage(id));
        assertThat(secrets).hasSizeGreaterThanOrEqualTo(3);
        SecretHygiene.assertNoneIn(secrets, places);
    }

    /**
     * What people watch shows what these runs did: every expression of every panel of the Grafana dashboard and every
     * recording rule returns a series from the real Prometheus that scraped the services throughout; the alert on a
     * node left cordoned fired while a drill held its nodes (its {@code for} cut to seconds) and is resolved now; the
     * drill that lost the quorum fired the availability alert, and none fired the lost-writes one.
     */
    static void assertTheDashboardAndTheRulesShowTheseRuns() throws IOException {
        JsonNode dashboard = new ObjectMapper()
                .readTree(PackagedService.root()
                        .resolve("deploy/grafana/dashboards/zklab.json")
                        .toFile());
        List<String> expressions = new ArrayList<>();
        dashboard
                .path("panels")
                .forEach(panel -> panel.path("targets")
                        .forEach(target -> expressions.add(target.path("expr").asText())));
        Map<String, Object> rules;
        try (var in = Files.newBufferedReader(PackagedService.root().resolve("deploy/prometheus/rules.yml"))) {
            rules = new org.yaml.snakeyaml.Yaml().load(in);
        }
        @SuppressWarnings("unchecked")
        List<String> recorded = ((List<Map<String, Object>>) rules.get("groups"))
                .stream()
                        .flatMap(g -> ((List<Map<String, Object>>) g.get("rules")).stream())
                        .map(r -> (String) r.get("record"))
                        .filter(Objects::nonNull)
                        .distinct()
                        .toList();
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(13);
        assertThat(recorded).contains("zklab:runs_ended:increase1h", "zklab:step_duration_seconds:p95_1h");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String expression : concat(expressions, recorded)) {
                assertThat(prometheus.query(expression))
                        .as("%s from Prometheus (log: %s)", expression, prometheus.log())
                        .isNotEmpty();
            }
        });
        assertThat(prometheus.query(
                        "max_over_time(ALERTS{alertname=\"ZklabNodeLeftCordoned\", alertstate=\"firing\"}[1h])"))
                .as("ZklabNodeLeftCordoned fired while a drill held its nodes")
                .isNotEmpty();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(prometheus.query("ALERTS{alertname=\"ZklabNodeLeftCordoned\"}"))
                        .as("resolved once the nodes were restored")
                        .isEmpty());
        // The drill without its budget lost the quorum: under the 95 % objective. No drill lost a write; every service
        // is up.
        assertThat(
                        prometheus.query(
                                "max_over_time(ALERTS{alertname=\"ZklabDrillAvailabilityBelowObjective\", alertstate=\"firing\"}[1h])"))
                .as("ZklabDrillAvailabilityBelowObjective fired for the drill that lost the quorum")
                .isNotEmpty();
        assertThat(prometheus.query("max_over_time(ALERTS{alertname=\"ZklabDrillLostWrites\"}[1h])"))
                .as("no drill lost a write")
                .isEmpty();
        assertThat(prometheus.query("ALERTS{alertname=\"ZklabServiceDown\", alertstate=\"firing\"}"))
                .as("every service is up")
                .isEmpty();
    }

    /**
     * The zookeeper job found the ensemble's members through the cluster's API and scraped ZooKeeper's own metrics from
     * each (through the pod proxy): three members answering, after the drills one leader and two followers in sync, and
     * the znodes the runs wrote.
     */
    static void assertPrometheusFoundTheMembers(String namespace) {
        String members = "{job=\"zookeeper\", namespace=\"" + namespace + "\"}";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(prometheus.query("up" + members))
                    .as("the members Prometheus scrapes (log: %s)", prometheus.log())
                    .extracting(s -> s.path("metric").path("pod").asText() + "="
                            + s.path("value").get(1).asText())
                    .containsExactlyInAnyOrder("zk-0=1", "zk-1=1", "zk-2=1");
            assertThat(prometheus.query("leader_uptime" + members))
                    .as("one leader")
                    .hasSize(1);
            assertThat(prometheus.query("synced_followers" + members))
                    .singleElement()
                    .satisfies(s -> assertThat(s.path("value").get(1).asText()).isEqualTo("2"));
            assertThat(prometheus.query("min(znode_count" + members + ") >= 5"))
                    .as("/hello and the drills' znodes")
                    .isNotEmpty();
        });
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * The lab's "leader election" and "sanity test" sections by hand, on the ensemble zklab deployed: the seed's
     * commands as a person types them (its typos corrected, see shared/design/lab.md), with kubectl exec into the
     * pods — hostnames, ids, FQDNs, the configuration (at the current profile's path), /hello written through zk-0
     * and read through zk-1 — and their output what the lab says it is.
     */
    /**
     * zklab preflight (the drainer's) on a run's ensemble and on one named by hand, and zklab manifests (the deployer's),
     * given the gateway's address alone: it relays both, the drainer's refusal as the drainer said it.
     */
    static void assertTheCliPredictsAndRenders(String run, String cluster, String namespace) {
        PackagedCli cli = new PackagedCli(service("gateway").url());
        PackagedCli.Result preflight = cli.run("preflight", "--run", run.substring(0, 8));
        assertThat(preflight.exit()).as(preflight.toString()).isZero();
        assertThat(preflight.out())
                .startsWith("preflight of the lab's drill on " + namespace + " in local/" + cluster
                        + " (nothing was touched)")
                .contains("DRAIN", "FATE", "drain zk-0", "zk-0 moves (");
        PackagedCli.Result unknown =
                cli.run("preflight", "--cluster", "local/" + cluster, "--namespace", namespace, "--plan", "drain zk-9");
        assertThat(unknown.exit()).as(unknown.toString()).isEqualTo(2);
        assertThat(unknown.err())
                .startsWith("error: the gateway refused the request: Invalid drill (400)")
                .contains("  params: plan action 'drain zk-9' names unknown member zk-9");
        PackagedCli.Result manifests = cli.run("manifests", "--set", "ensemble.replicas=5");
        assertThat(manifests.exit()).as(manifests.toString()).isZero();
        assertThat(manifests.out()).contains("kind: \"StatefulSet\"", "replicas: 5", "kind: \"PodDisruptionBudget\"");
    }

    static void followTheLabByHand(String cluster, String namespace) {
        LocalKube localKube = LocalKube.ofRepository();
        for (int i = 0; i < 3; i++) {
            assertThat(localKube
                            .kubectl(cluster, "-n", namespace, "exec", "zk-" + i, "--", "hostname")
                            .strip())
                    .isEqualTo("zk-" + i);
            assertThat(localKube
                            .kubectl(
                                    cluster,
                                    "-n",
                                    namespace,
                                    "exec",
                                    "zk-" + i,
                                    "--",
                                    "cat",
                                    "/var/lib/zookeeper/data/myid")
                            .strip())
                    .isEqualTo(Integer.toString(i + 1));
            assertThat(localKube
                            .kubectl(cluster, "-n", namespace, "exec", "zk-" + i, "--", "hostname", "-f")
                            .strip())
                    .isEqualTo("zk-" + i + ".zk-hs." + namespace + ".svc.cluster.local");
        }
        assertThat(localKube.kubectl(
                        cluster, "-n", namespace, "exec", "zk-0", "--", "cat", "/var/lib/zookeeper/conf/zoo.cfg"))
                .contains(
                        "dataDir=/var/lib/zookeeper/data", "dynamicConfigFile=/var/lib/zookeeper/conf/zoo.cfg.dynamic");
        assertThat(localKube.kubectl(
                        cluster,
                        "-n",
                        namespace,
                        "exec",
                        "zk-0",
                        "--",
                        "cat",
                        "/var/lib/zookeeper/conf/zoo.cfg.dynamic"))
                .contains(
                        "server.1=zk-0.zk-hs." + namespace + ".svc.cluster.local:2888:3888",
                        "server.3=zk-2.zk-hs." + namespace + ".svc.cluster.local:2888:3888");
        assertThat(localKube.kubectl(
                        cluster, "-n", namespace, "exec", "zk-0", "--", "zkCli.sh", "create", "/hello", "world"))
                .contains("Created /hello");
        assertThat(localKube
                        .kubectl(cluster, "-n", namespace, "exec", "zk-1", "--", "zkCli.sh", "get", "/hello")
                        .lines())
                .contains("world");
        // kubectl exec -it, from a terminal (script gives kubectl one): the command gets a terminal of its own in the
        // pod.
        try {
            Process terminal = new ProcessBuilder(
                            "script",
                            "-qec",
                            localKube.command() + " kubectl " + cluster + " -n " + namespace
                                    + " exec -it zk-0 -- sh -c 'tty; id -u'",
                            "/dev/null")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(terminal.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(terminal.waitFor()).as("kubectl exec -it: %s", out).isZero();
            assertThat(out).contains("/dev/pts/", "1000");
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("cannot run kubectl exec -it under script(1)", e);
        }
    }

    /**
     * A run's report page in headless Chromium: it renders without a console error, its picture has a bar per
     * step, the members' pods, the budget's refusals and the probe's phases, and no outage (the PDB kept the
     * quorum); a screenshot and a PDF print stay in target/report for people to look at.
     */
    static void assertReportPageRenders(JsonPath run, String name) throws Exception {
        HeadlessChromium.Rendered rendered = render(api.reportPage(run.getString("id")), name);

        long started =
                run.getList("steps.startedAt").stream().filter(t -> t != null).count();
        assertThat(rendered.dom().split("<rect class=\"step ", -1))
                .as("one bar per step that ran")
                .hasSize((int) started + 1);
        assertThat(rendered.dom())
                .contains("class=\"pod ready\"", "class=\"cordon\"", "class=\"refusal\"", "class=\"probe available\"")
                .doesNotContain("class=\"probe outage\"");
        assertThat(Files.readString(rendered.pdf(), StandardCharsets.ISO_8859_1))
                .startsWith("%PDF");
    }

    /**
     * The report of the drill without the budget beside the one with it, in headless Chromium: the two side by side
     * in a table (the quorum lost, and kept), this run's picture with an outage band, the compared run's without one.
     */
    static void assertComparisonPageRenders(String id, String compare) throws Exception {
        HeadlessChromium.Rendered rendered = render(api.reportPage(id, compare), "drill-compared");

        String dom = rendered.dom();
        assertThat(dom)
                .contains(
                        "<table class=\"compared\">",
                        "<td class=\"FAILED\">lost</td><td class=\"SUCCEEDED\">kept</td>");
        int comparedFigure = dom.indexOf("<figure id=\"compared-timeline\">");
        assertThat(dom.indexOf("<figure id=\"timeline\">")).isNotNegative().isLessThan(comparedFigure);
        assertThat(dom.substring(0, comparedFigure))
                .as("this run's picture: the quorum lost")
                .contains("class=\"probe outage\"");
        assertThat(dom.substring(comparedFigure))
                .as("the compared run's picture: the PDB kept the quorum")
                .contains("class=\"probe available\"", "class=\"refusal\"")
                .doesNotContain("class=\"probe outage\"");
    }

    /** Renders a page in headless Chromium: no console message; leaves {name}.html, .png and .pdf under target/report. */
    private static HeadlessChromium.Rendered render(String html, String name) throws Exception {
        Path page = HeadlessChromium.write(
                Path.of("target", "report", name + ".html").toAbsolutePath(), html);
        HeadlessChromium.Rendered rendered = HeadlessChromium.render(page, name);
        assertThat(rendered.console()).as("console messages of %s", name).isEmpty();
        assertThat(Files.size(rendered.screenshot())).isPositive();
        return rendered;
    }

    static PackagedService deployer() {
        return service("deployer");
    }

    static PackagedService service(String name) {
        return services.get(PackagedService.ALL.indexOf(name));
    }

    /** Kills the service (SIGKILL, as a crash) and starts a new one at once. */
    static void restart(String name) throws InterruptedException {
        int index = PackagedService.ALL.indexOf(name);
        int port = services.get(index).port();
        services.get(index).kill();
        // On the same port: Prometheus scrapes it there.
        services.set(index, PackagedService.start(name, bootstrap, port));
    }

    /**
     * What every drill must show: each drain's outcome as predicted (where predicted), the Pending member's
     * reason from the scheduler, the budget's 429 with its cause, the probe's figures with no acknowledged
     * write lost, and every node it cordoned schedulable again.
     */
    private static void assertDrill(JsonPath run, int step) {
        String evidence = "steps[" + step + "].evidence";
        List<Map<String, Object>> pods = run.getList(evidence + ".actions.pods.flatten()");
        assertThat(pods)
                .filteredOn(p -> p.get("predicted") != null)
                .allSatisfy(p -> assertThat(p.get("matched")).as("%s", p).isEqualTo(true));
        assertThat(run.getList(
                        evidence + ".actions.pods.flatten().findAll { it.observed == 'PENDING' }.observation",
                        String.class))
                .singleElement()
                .asString()
                .contains("FailedScheduling", "anti-affinity");
        assertThat(run.getList(evidence + ".actions.refusals.flatten().message", String.class))
                .isNotEmpty()
                .allSatisfy(m -> assertThat(m)
                        .isEqualTo("The disruption budget zk-pdb needs 2 healthy pods and has 2 currently"));
        assertThat(run.getList(evidence + ".actions.refusals.flatten().budget", String.class))
                .containsOnly("zk-pdb");
        assertThat(run.getLong(evidence + ".probe.set.lost"))
                .as("acknowledged writes lost")
                .isZero();
        assertThat(run.getString(evidence + ".probe.set.error")).isNull();
        assertThat(run.getLong(evidence + ".probe.set.acknowledged")).isPositive();
        assertThat(run.getInt(evidence + ".probe.ratePerSecond")).isEqualTo(20);
        assertThat(run.getList(evidence + ".probe.phases.name", String.class))
                .startsWith("before the drill")
                .endsWith("uncordon", "recovery");
        assertThat(run.getDouble(evidence + ".probe.overall.availabilityPercent"))
                .isPositive();
        assertThat(run.getList(evidence + ".checks.findAll { !it.passed }.name", String.class))
                .isEmpty();
        assertThat(run.getList(evidence + ".checks.name", String.class))
                .containsExactly("predictions", "no-lost-writes", "quorum-kept", "nodes-restored", "quorum-whole");
        assertThat(run.getList(evidence + ".uncordoned", String.class)).isNotEmpty();
    }

    /** Writes a step's evidence to target/evidence/{name}.json, for people to read. */
    private static void keep(JsonPath run, int step, String name) throws IOException {
        Path dir = Path.of("target/evidence");
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve(name + ".json"),
                new ObjectMapper()
                        .writerWithDefaultPrettyPrinter()
                        .writeValueAsString(run.getMap("steps[" + step + "].evidence")));
    }

    private static List<String> observedFates(JsonPath run, int step) {
        return run.getList("steps[" + step + "].evidence.actions.pods.flatten().observed", String.class);
    }

    private static List<String> heldBy(KubernetesClient client, String runId) {
        return client.nodes().list().getItems().stream()
                .filter(n -> n.getMetadata().getAnnotations() != null
                        && runId.equals(n.getMetadata().getAnnotations().get("zklab.dev/cordoned-by-run")))
                .map(n -> n.getMetadata().getName())
                .toList();
    }

    /** The verify step at this index ran these checks (among others), and every check it ran passed. */
    private static void assertAllChecksPassed(JsonPath run, int step, String... names) {
        String checks = "steps[" + step + "].evidence.checks";
        assertThat(run.getString("steps[" + step + "].name")).isEqualTo("verify");
        assertThat(run.getList(checks + ".name", String.class)).contains(names);
        assertThat(run.getList(checks + ".findAll { !it.passed }.name", String.class))
                .as("failed checks of step %d", step)
                .isEmpty();
    }

    private static JsonPath check(JsonPath run, int step, String name) {
        return new JsonPath(run.prettify())
                .setRootPath("steps[" + step + "].evidence.checks.find { it.name == '" + name + "' }");
    }

    private static KubernetesClient clientOf(Path kubeconfig) throws IOException {
        return new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString()))
                .build();
    }

    private static void setUnschedulable(KubernetesClient client, String node, boolean unschedulable) {
        client.nodes().withName(node).edit(n -> {
            n.getSpec().setUnschedulable(unschedulable);
            return n;
        });
    }

    private static boolean serving(MemberAccess access, int ordinal) {
        return MemberAnswers.ask(access, List.of(ordinal), Duration.ofSeconds(3))
                .get(0)
                .serving();
    }

    private static String read(MemberAccess access, int ordinal, String path) throws Exception {
        try (EnsembleConnection zk =
                EnsembleConnection.open(access, List.of(ordinal), Optional.empty(), ZooKeeperTimeouts.defaults())) {
            zk.client().sync().forPath(path);
            return new String(zk.client().getData().forPath(path), StandardCharsets.UTF_8);
        }
    }
}
