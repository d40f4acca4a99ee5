package dev.zklab.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zklab.kafka.KafkaBrokerTestResource;
import dev.zklab.localkube.LocalKubeCluster;
import dev.zklab.members.EnsembleConnection;
import dev.zklab.members.MemberAccess;
import dev.zklab.members.MemberAnswers;
import dev.zklab.members.PortForwardAccess;
import dev.zklab.members.ZooKeeperTimeouts;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole system as ./zklab up runs it, end to end through the gateway's API: the five packaged
 * services, a real broker, and a localkube cluster whose zk pods run real ZooKeeper servers. A run
 * whose cluster does not exist fails honestly; the lab's run deploys — through a deployer killed and
 * started again in the middle of it — verifies after every deployer step, keeps its data through
 * durability, scaling, an eviction and a killed server. The test itself also talks to the members the
 * way zklab does from outside a cluster (port-forwards), to read /hello and to check what the runs say.
 */
class LabRunIT {

    static final List<PackagedService> services = new ArrayList<>();
    static String bootstrap;
    static GatewayApi api;

    @BeforeAll
    static void startServices() {
        bootstrap = KafkaBrokerTestResource.broker().bootstrapServers();
        services.addAll(PackagedService.startAll(bootstrap));
        api = new GatewayApi(services.get(PackagedService.ALL.indexOf("gateway")));
    }

    @AfterAll
    static void stopServices() {
        services.forEach(PackagedService::close);
    }

    @Test
    void aRunWhoseClusterDoesNotExistFailsWithTheFirstStepsReasonAndStillCleansUp() {
        String id = api.start("{\"steps\": [\"deploy\", \"verify\", \"drain\"]}");

        JsonPath run = api.awaitEnded(id, "FAILED");
        // The deployer does its step; the run's local cluster was never provisioned (provision-cluster is not a step here).
        assertThat(run.getString("reason")).startsWith("step 01-deploy failed: no local cluster 'zklab-")
                .contains("create it with 'localkube/localkube create zklab-");
        assertThat(run.getList("steps.id")).containsExactly("01-deploy", "02-verify", "03-drain", "04-uncordon", "05-teardown");
        assertThat(run.getList("steps.status")).containsExactly("FAILED", "SKIPPED", "SKIPPED", "FAILED", "FAILED");
        assertThat(run.getList("steps.reason")).contains("not implemented yet: uncordon", "not implemented yet: teardown");
        assertThat(RestAssured.given().baseUri(deployer().url()).get("/q/metrics").asString())
                .contains("zklab_step_duration_seconds_count{outcome=\"failed\",service=\"deployer\",step=\"deploy\"}");
    }

    @Test
    void aLocalRunDeploysAndVerifiesARealEnsembleThatKeepsItsDataThroughDurabilityScalingAndAnEviction() throws Exception {
        LocalKubeCluster cluster = LocalKubeCluster.shared();
        String namespace = "zk-e2e-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        String cordoned = null;
        try (KubernetesClient client = cluster.newClient()) {
            MemberAccess access = new PortForwardAccess(client, namespace);

            // At least once: the deployer dies (SIGKILL) in the middle of the deploy step and is started again at
            // once; the new one gets the command again and runs the step again — the same attempt, done well
            // before the step's timeout (the gateway would fail it then).
            String deployId = api.start(GatewayApi.spec(cluster.name(), namespace, "[\"deploy\", \"verify\"]",
                    "\"stepTimeouts\": {\"deploy\": 240}"));
            await().atMost(Duration.ofMinutes(2)).until(() -> client.pods().inNamespace(namespace).withName("zk-0").get() != null);
            restartDeployer();
            JsonPath deploy = api.awaitEnded(deployId, "SUCCEEDED");
            assertThat(deploy.getInt("steps[0].attempts")).as("the command ran again, not a retry").isEqualTo(1);
            assertThat(deploy.getList("steps[0].evidence.members.serverId", Integer.class)).containsExactly(1, 2, 3);
            assertThat(deploy.getList("steps[0].evidence.members.mode", String.class)).containsOnly("leader", "follower")
                    .filteredOn("leader"::equals).hasSize(1);
            assertThat(deploy.getBoolean("steps[0].evidence.orderedReady")).isTrue();
            assertThat(deploy.getList("steps[0].evidence.pods.node", String.class)).doesNotHaveDuplicates().hasSize(3);
            assertAllChecksPassed(deploy, 1, "replicas-ready", "ordered-start", "pod-identity", "endpoints", "storage",
                    "distinct-nodes", "pdb", "members-serving", "server-ids", "one-leader", "same-configuration",
                    "configuration-matches-pods", "in-sync", "hello-replicated");
            assertThat(check(deploy, 1, "ordered-start").getString("observed")).contains("timeline of 01-deploy", "pod timestamps: ");
            assertThat(check(deploy, 1, "server-ids").getString("observed")).isEqualTo("zk-0 1, zk-1 2, zk-2 3");
            // The verifier wrote /hello through zk-0; read it independently, the way zklab reaches members from outside.
            assertThat(read(access, 1, "/hello")).as("/hello written by the verifier through zk-0, read through zk-1").isEqualTo("world");

            JsonPath durability = api.run(cluster.name(), namespace, "[\"durability\", \"verify\"]");
            assertThat(durability.getBoolean("steps[0].evidence.sameClaims")).isTrue();
            assertThat(durability.getMap("steps[0].evidence.claimsAfter")).isEqualTo(durability.getMap("steps[0].evidence.claimsBefore"));
            assertThat(durability.getBoolean("steps[0].evidence.marker.equal")).isTrue();
            assertAllChecksPassed(durability, 1, "same-claims", "hello-durable");
            assertThat(check(durability, 1, "hello-durable").getString("observed")).startsWith("read 'world' through zk-2");
            assertThat(read(access, 2, "/hello")).as("/hello through zk-2 after the durability step").isEqualTo("world");

            JsonPath scale = api.run(cluster.name(), namespace, "[{\"name\": \"scale\", \"params\": {\"replicas\": \"5\"}}, \"verify\","
                    + " {\"name\": \"scale\", \"params\": {\"replicas\": \"3\"}}, \"verify\"]");
            assertThat(scale.getList("steps[0].evidence.changes.change", String.class)).containsExactly("add zk-3", "add zk-4");
            assertThat(scale.getList("steps[2].evidence.changes.change", String.class)).containsExactly("remove zk-4", "remove zk-3");
            for (String step : List.of("steps[0]", "steps[2]")) {
                for (Map<String, Boolean> agreed : scale.<Map<String, Boolean>>getList(step + ".evidence.changes.membersAgree")) {
                    assertThat(agreed.values()).as("every member agrees after each change of %s", step).containsOnly(true);
                }
            }
            assertThat(scale.getMap("steps[2].evidence.changes[1].servers")).containsOnlyKeys("1", "2", "3");
            assertAllChecksPassed(scale, 1, "configuration-matches-pods", "distinct-nodes", "pdb");
            assertThat(scale.getInt("steps[1].evidence.replicas")).isEqualTo(5);
            assertThat(check(scale, 1, "server-ids").getString("observed")).isEqualTo("zk-0 1, zk-1 2, zk-2 3, zk-3 4, zk-4 5");
            assertThat(check(scale, 1, "pdb").getString("observed")).contains("expectedPods 5").contains("disruptionsAllowed 1");
            assertAllChecksPassed(scale, 3, "configuration-matches-pods");
            assertThat(scale.getInt("steps[3].evidence.replicas")).isEqualTo(3);
            // whenScaled: Delete — the removed members' stale data never comes back with a later scale-up.
            assertThat(client.persistentVolumeClaims().inNamespace(namespace).list().getItems())
                    .extracting(c -> c.getMetadata().getName()).containsExactlyInAnyOrder("datadir-zk-0", "datadir-zk-1", "datadir-zk-2");
            assertThat(client.configMaps().inNamespace(namespace).withName("zk-config").get().getData().get("zoo.cfg.dynamic"))
                    .doesNotContain("server.4");
            for (int ordinal = 0; ordinal < 3; ordinal++) {
                assertThat(read(access, ordinal, "/hello")).as("/hello through zk-%d after 3 -> 5 -> 3", ordinal).isEqualTo("world");
            }
            String text = api.report(scale.getString("id"));
            assertThat(text).contains("SUCCEEDED", "change: add zk-3", "change: remove zk-3", "membersAgree:",
                    "[pass] configuration-matches-pods", "[pass] hello-replicated");

            // A Kubernetes-level fault on the real cluster: without its PDB the verification fails that check and says so.
            client.policy().v1().podDisruptionBudget().inNamespace(namespace).withName("zk-pdb").delete();
            await().atMost(Duration.ofSeconds(30)).until(() -> client.policy().v1().podDisruptionBudget().inNamespace(namespace)
                    .withName("zk-pdb").get() == null);
            JsonPath broken = api.run(cluster.name(), namespace, "[\"verify\"]", "FAILED");
            assertThat(broken.getString("reason")).contains("pdb: PodDisruptionBudget zk-pdb is missing in namespace " + namespace);
            assertThat(broken.getList("steps[0].evidence.checks.findAll { !it.passed }.name", String.class)).containsExactly("pdb");
            assertThat(api.report(broken.getString("id"))).contains("[FAIL] pdb", "[pass] hello-replicated",
                    "why:      PodDisruptionBudget zk-pdb is missing");

            // Maintenance: zk-0's node cordoned and zk-0 evicted; it comes back on another node with its data.
            Pod zk0 = client.pods().inNamespace(namespace).withName("zk-0").get();
            cordoned = zk0.getSpec().getNodeName();
            setUnschedulable(client, cordoned, true);
            assertThat(client.pods().inNamespace(namespace).withName("zk-0").evict()).isTrue();
            String from = cordoned;
            await().atMost(Duration.ofMinutes(3)).ignoreExceptions().until(() -> {
                Pod moved = client.pods().inNamespace(namespace).withName("zk-0").get();
                return !moved.getMetadata().getUid().equals(zk0.getMetadata().getUid()) && !from.equals(moved.getSpec().getNodeName())
                        && serving(access, 0);
            });
            assertThat(read(access, 0, "/hello")).as("/hello through zk-0 after it moved off its cordoned node").isEqualTo("world");

            // A server that dies is restarted like a container (restart count, last state) and rejoins.
            String volume = client.persistentVolumeClaims().inNamespace(namespace).withName("datadir-zk-1").get().getSpec().getVolumeName();
            ProcessHandle server = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().orElse("").contains(volume + "/conf/zoo.cfg"))
                    .findFirst().orElseThrow(() -> new AssertionError("no ZooKeeper process of zk-1 (volume " + volume + ")"));
            server.destroyForcibly();
            await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() -> {
                var status = client.pods().inNamespace(namespace).withName("zk-1").get().getStatus().getContainerStatuses().get(0);
                return status.getRestartCount() >= 1 && status.getLastState().getTerminated() != null
                        && serving(access, 1);
            });
            assertThat(read(access, 1, "/hello")).as("/hello through zk-1 after its server was killed").isEqualTo("world");
        } finally {
            try (KubernetesClient client = cluster.newClient()) {
                if (cordoned != null) {
                    setUnschedulable(client, cordoned, false);
                }
                client.namespaces().withName(namespace).delete();
            }
        }
    }

    static PackagedService deployer() {
        return services.get(PackagedService.ALL.indexOf("deployer"));
    }

    /** Kills the deployer (SIGKILL, as a crash) and starts a new one at once. */
    static void restartDeployer() throws InterruptedException {
        int index = PackagedService.ALL.indexOf("deployer");
        services.get(index).kill();
        services.set(index, PackagedService.start("deployer", bootstrap));
    }

    /** The verify step at this index ran these checks (among others), and every check it ran passed. */
    private static void assertAllChecksPassed(JsonPath run, int step, String... names) {
        String checks = "steps[" + step + "].evidence.checks";
        assertThat(run.getString("steps[" + step + "].name")).isEqualTo("verify");
        assertThat(run.getList(checks + ".name", String.class)).contains(names);
        assertThat(run.getList(checks + ".findAll { !it.passed }.name", String.class)).as("failed checks of step %d", step).isEmpty();
    }

    private static JsonPath check(JsonPath run, int step, String name) {
        return new JsonPath(run.prettify()).setRootPath("steps[" + step + "].evidence.checks.find { it.name == '" + name + "' }");
    }

    private static void setUnschedulable(KubernetesClient client, String node, boolean unschedulable) {
        client.nodes().withName(node).edit(n -> {
            n.getSpec().setUnschedulable(unschedulable);
            return n;
        });
    }

    private static boolean serving(MemberAccess access, int ordinal) {
        return MemberAnswers.ask(access, List.of(ordinal), Duration.ofSeconds(3)).get(0).serving();
    }

    private static String read(MemberAccess access, int ordinal, String path) throws Exception {
        try (EnsembleConnection zk = EnsembleConnection.open(access, List.of(ordinal), Optional.empty(), ZooKeeperTimeouts.defaults())) {
            zk.client().sync().forPath(path);
            return new String(zk.client().getData().forPath(path), StandardCharsets.UTF_8);
        }
    }
}
