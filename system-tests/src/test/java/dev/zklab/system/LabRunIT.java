package dev.zklab.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zklab.clusters.local.LocalKube;
import dev.zklab.kafka.KafkaBrokerTestResource;
import dev.zklab.localkube.LocalKubeCluster;
import dev.zklab.members.EnsembleConnection;
import dev.zklab.members.MemberAccess;
import dev.zklab.members.MemberAnswers;
import dev.zklab.members.PortForwardAccess;
import dev.zklab.members.ZooKeeperTimeouts;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * durability, scaling, the lab's maintenance drill (on 5 nodes through a drainer killed in the middle of it,
 * then on the lab's 4) and a killed server. The test itself also talks to the members the
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
        api = new GatewayApi(services.get(PackagedService.ALL.indexOf("gateway"))).checkingReports();
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
        assertThat(run.getList("steps.status")).containsExactly("FAILED", "SKIPPED", "SKIPPED", "FAILED", "SUCCEEDED");
        assertThat(run.getString("steps[3].reason")).startsWith("no local cluster 'zklab-");
        // Teardown finds no cluster of the run's to delete: nothing to do, and nothing left behind.
        assertThat(run.getBoolean("steps[4].evidence.clusterDeleted")).isFalse();
        assertThat(run.getString("steps[4].evidence.reason")).isEqualTo("the cluster does not exist (never created, or deleted already)");
        assertThat(RestAssured.given().baseUri(deployer().url()).get("/q/metrics").asString())
                .contains("zklab_step_duration_seconds_count{outcome=\"failed\",service=\"deployer\",step=\"deploy\"}");
    }

    @Test
    void aRunProvisionsItsOwnLocalClusterProvesItsStorageAndTearsItDown() {
        String id = api.start("""
                {"cluster": {"nodes": 2}, "ensemble": {"replicas": 1}, "steps": ["provision-cluster", "setup-storage"]}""");

        JsonPath run = api.awaitEnded(id, "SUCCEEDED");
        String cluster = run.getString("spec.cluster.name");
        assertThat(run.getList("steps.id")).containsExactly("01-provision-cluster", "02-setup-storage", "03-teardown");
        assertThat(run.getString("steps[0].params.nodes")).isEqualTo("2");
        assertThat(run.getString("steps[0].evidence.origin")).isEqualTo("CREATED");
        assertThat(run.getInt("steps[0].evidence.schedulableNodes")).isEqualTo(2);
        assertThat(run.getList("steps[0].progress", String.class)).first().asString()
                .isEqualTo("creating local cluster " + cluster + " (2 nodes) for run " + id + "; the run's teardown deletes it");
        assertThat(run.getString("steps[1].evidence.provisioner")).isEqualTo("localkube.zklab.dev/hostpath");
        assertThat(run.getString("steps[1].evidence.volume")).startsWith("pvc-");
        assertThat(run.getBoolean("steps[2].evidence.clusterDeleted")).isTrue();
        assertThat(LocalKube.ofRepository().clusters()).doesNotContain(cluster);
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
            restart("deployer");
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

            // The lab's drill on 5 nodes, through a drainer killed (SIGKILL) in the middle of it and started again at once:
            // the command comes again, the drill goes on from the nodes it had cordoned. The deploy step first restores
            // the PDB deleted above. zk-0 and zk-1 move, zk-2 stays Pending, the next drain is refused by zk-pdb.
            String drillId = api.start(GatewayApi.spec(cluster.name(), namespace, "[\"deploy\", \"drain\", \"verify\"]", ""));
            await().atMost(Duration.ofMinutes(3)).until(() -> !heldBy(client, drillId).isEmpty());
            restart("drainer");
            JsonPath drill = api.awaitEnded(drillId, "SUCCEEDED");
            assertThat(drill.getString("steps[1].evidence.resumed")).contains("an earlier attempt of this step had cordoned");
            assertThat(drill.getInt("steps[1].attempts")).as("the command ran again, not a retry").isEqualTo(1);
            assertThat(observedFates(drill, 1)).endsWith("MOVES", "PENDING", "BLOCKED");
            keep(drill, 1, "drill-5-nodes-resumed");
            assertDrill(drill, 1);
            assertAllChecksPassed(drill, 2, "one-leader", "hello-replicated");
            assertThat(heldBy(client, drillId)).isEmpty();
            assertReportPageRenders(drill);

            // The lab's 4 nodes: one of the 5 cordoned beforehand (by someone else: the drill leaves it so).
            // zk-0 moves, zk-1 stays Pending, zk-2's drain is blocked — predicted, then observed.
            List<String> occupied = client.pods().inNamespace(namespace).list().getItems().stream().map(p -> p.getSpec().getNodeName()).toList();
            cordoned = client.nodes().list().getItems().stream().map(n -> n.getMetadata().getName()).filter(n -> !occupied.contains(n))
                    .sorted().findFirst().orElseThrow();
            setUnschedulable(client, cordoned, true);
            JsonPath lab = api.run(cluster.name(), namespace, "[{\"name\": \"drain\", \"params\": {\"blockedWaitSeconds\": \"15\"}}]");
            assertThat(lab.getList("steps[0].evidence.plan", String.class)).containsExactly("drain zk-0", "drain zk-1", "drain zk-2");
            assertThat(lab.getList("steps[0].evidence.preflight.pods.flatten().fate", String.class)).containsExactly("MOVES", "PENDING", "BLOCKED");
            assertThat(observedFates(lab, 0)).containsExactly("MOVES", "PENDING", "BLOCKED");
            assertThat(lab.getList("steps[0].evidence.cordonedBefore", String.class)).containsExactly(cordoned);
            assertThat(lab.getString("steps[0].evidence.preflight[1].pods[0].reason"))
                    .startsWith("zk-1 stays Pending: no schedulable node satisfies its anti-affinity");
            keep(lab, 0, "drill-4-nodes");
            assertDrill(lab, 0);
            // Refused at once, then every 5 s until the 15 s wait was over: each refusal recorded.
            assertThat(lab.getList("steps[0].evidence.actions[2].refusals")).hasSizeGreaterThanOrEqualTo(3);
            assertThat(client.nodes().withName(cordoned).get().getSpec().getUnschedulable()).as("cordoned beforehand, still").isTrue();
            assertThat(read(access, 0, "/hello")).as("/hello through zk-0 after it moved off its drained node").isEqualTo("world");
            assertThat(RestAssured.given().baseUri(service("drainer").url()).get("/q/metrics").asString())
                    .contains("zklab_drain_refusals_total{budget=\"zk-pdb\"}", "zklab_probe_operations_total{kind=\"write\",outcome=\"ok\"}",
                            "zklab_drain_seconds_count{outcome=\"blocked\"}");
            setUnschedulable(client, cordoned, false);
            cordoned = null;

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

    /**
     * The drill's report page in headless Chromium: it renders without a console error, its picture has a bar per
     * step, the members' pods, the budget's refusals and the probe's phases, and no outage (the PDB kept the
     * quorum); a screenshot and a PDF print stay in target/ for people to look at.
     */
    static void assertReportPageRenders(JsonPath run) throws Exception {
        Path page = HeadlessChromium.write(Path.of("target", "report", "drill-report.html").toAbsolutePath(),
                api.reportPage(run.getString("id")));
        HeadlessChromium.Rendered rendered = HeadlessChromium.render(page, "drill-report");

        assertThat(rendered.console()).as("console messages").isEmpty();
        long started = run.getList("steps.startedAt").stream().filter(t -> t != null).count();
        assertThat(rendered.dom().split("<rect class=\"step ", -1)).as("one bar per step that ran").hasSize((int) started + 1);
        assertThat(rendered.dom()).contains("class=\"pod ready\"", "class=\"cordon\"", "class=\"refusal\"", "class=\"probe available\"")
                .doesNotContain("class=\"probe outage\"");
        assertThat(Files.size(rendered.screenshot())).isPositive();
        assertThat(Files.readString(rendered.pdf(), StandardCharsets.ISO_8859_1)).startsWith("%PDF");
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
        services.get(index).kill();
        services.set(index, PackagedService.start(name, bootstrap));
    }

    /**
     * What every drill must show: each drain's outcome as predicted (where predicted), the Pending member's
     * reason from the scheduler, the budget's 429 with its cause, the probe's figures with no acknowledged
     * write lost, and every node it cordoned schedulable again.
     */
    private static void assertDrill(JsonPath run, int step) {
        String evidence = "steps[" + step + "].evidence";
        List<Map<String, Object>> pods = run.getList(evidence + ".actions.pods.flatten()");
        assertThat(pods).filteredOn(p -> p.get("predicted") != null).allSatisfy(p -> assertThat(p.get("matched")).as("%s", p).isEqualTo(true));
        assertThat(run.getList(evidence + ".actions.pods.flatten().findAll { it.observed == 'PENDING' }.observation", String.class))
                .singleElement().asString().contains("FailedScheduling", "anti-affinity");
        assertThat(run.getList(evidence + ".actions.refusals.flatten().message", String.class)).isNotEmpty()
                .allSatisfy(m -> assertThat(m).isEqualTo("The disruption budget zk-pdb needs 2 healthy pods and has 2 currently"));
        assertThat(run.getList(evidence + ".actions.refusals.flatten().budget", String.class)).containsOnly("zk-pdb");
        assertThat(run.getLong(evidence + ".probe.set.lost")).as("acknowledged writes lost").isZero();
        assertThat(run.getString(evidence + ".probe.set.error")).isNull();
        assertThat(run.getLong(evidence + ".probe.set.acknowledged")).isPositive();
        assertThat(run.getInt(evidence + ".probe.ratePerSecond")).isEqualTo(20);
        assertThat(run.getList(evidence + ".probe.phases.name", String.class)).startsWith("before the drill").endsWith("uncordon", "recovery");
        assertThat(run.getDouble(evidence + ".probe.overall.availabilityPercent")).isPositive();
        assertThat(run.getList(evidence + ".checks.findAll { !it.passed }.name", String.class)).isEmpty();
        assertThat(run.getList(evidence + ".checks.name", String.class)).containsExactly("predictions", "no-lost-writes",
                "nodes-restored", "quorum-whole");
        assertThat(run.getList(evidence + ".uncordoned", String.class)).isNotEmpty();
    }

    /** Writes a step's evidence to target/evidence/{name}.json, for people to read. */
    private static void keep(JsonPath run, int step, String name) throws IOException {
        Path dir = Path.of("target/evidence");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".json"),
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(run.getMap("steps[" + step + "].evidence")));
    }

    private static List<String> observedFates(JsonPath run, int step) {
        return run.getList("steps[" + step + "].evidence.actions.pods.flatten().observed", String.class);
    }

    private static List<String> heldBy(KubernetesClient client, String runId) {
        return client.nodes().list().getItems().stream()
                .filter(n -> n.getMetadata().getAnnotations() != null
                        && runId.equals(n.getMetadata().getAnnotations().get("zklab.dev/cordoned-by-run")))
                .map(n -> n.getMetadata().getName()).toList();
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
