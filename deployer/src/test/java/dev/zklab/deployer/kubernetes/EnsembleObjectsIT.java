package dev.zklab.deployer.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zklab.contracts.evidence.PodFacts;
import dev.zklab.contracts.run.EnsembleSpec;
import dev.zklab.deployer.model.EnsembleModel;
import dev.zklab.deployer.model.InvalidEnsembleException;
import dev.zklab.kubernetes.StatefulSetRollout;
import dev.zklab.localkube.ContainerProcesses;
import dev.zklab.localkube.WithLocalKube;
import dev.zklab.support.kubernetes.EnsembleOwnership;
import dev.zklab.support.kubernetes.Marks;
import dev.zklab.support.kubernetes.Pods;
import dev.zklab.support.wait.Deadline;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The deployer's Kubernetes half on localkube's real control plane: apply with evidence of the order,
 * a missing StorageClass refused, the configuration roll's protocol — a second run of a change that
 * stopped half-way finishes it — and undo, and a durability step resumed after it deleted the
 * StatefulSet. One ensemble serves the class (each costs ~40 s of real servers starting in order); the
 * tests run in order and leave the ensemble as deployed. (Durability, scale and the quorum on real
 * servers: DeployerStepsIT and the system tests' LabRunIT.)
 */
@WithLocalKube
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EnsembleObjectsIT {

    /** The run whose mark the test's objects carry. */
    static final String RUN = "11111111-2222-4333-8444-000000000001";

    static final Duration TIMEOUT = Duration.ofSeconds(120);

    static KubernetesClient client;
    static String namespace;
    static EnsembleModel model;
    static EnsembleDeployment.Result deployed;

    @BeforeAll
    static void deploy(KubernetesClient kubernetes) {
        client = kubernetes;
        namespace = newNamespace();
        model = EnsembleModel.of(new EnsembleSpec(3, "current", Map.of(), "fast", "1Gi", namespace))
                .forRun(RUN);
        deployed = new EnsembleDeployment(client).deploy(model, deadline());
    }

    @AfterAll
    static void deleteNamespace() {
        if (client != null) {
            client.namespaces().withName(namespace).delete();
        }
    }

    static String newNamespace() {
        return "zk-it-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
    }

    static Deadline deadline() {
        return Deadline.in(TIMEOUT);
    }

    @Test
    @Order(1)
    void deployAppliesEverythingAndProvesTheOrder() {
        assertThat(deployed.applied())
                .containsExactly(
                        "Namespace/" + namespace,
                        "ConfigMap/zk-config",
                        "Service/zk-hs",
                        "Service/zk-cs",
                        "PodDisruptionBudget/zk-pdb",
                        "StatefulSet/zk");
        assertThat(client.secrets()
                        .inNamespace(namespace)
                        .withName("zk-admin")
                        .get()
                        .getData())
                .containsKeys("password", "superDigest");
        assertThat(client.policy()
                        .v1()
                        .podDisruptionBudget()
                        .inNamespace(namespace)
                        .withName("zk-pdb")
                        .get())
                .isNotNull();
        // Everything carries the run's mark from the moment it is made; the pods and claims zklab's alone.
        assertThat(EnsembleOwnership.read(client, namespace).objects())
                .isNotEmpty()
                .allSatisfy(
                        o -> assertThat(Marks.isZklabs(o)).as(Marks.describe(o)).isTrue());
        assertThat(Marks.ownedBy(client.namespaces().withName(namespace).get(), RUN))
                .isTrue();
        assertThat(EnsembleOwnership.read(client, namespace).objects())
                .filteredOn(o -> Marks.ownedBy(o, RUN))
                .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
                .containsExactlyInAnyOrder(
                        "StatefulSet/zk",
                        "ConfigMap/zk-config",
                        "Secret/zk-admin",
                        "Service/zk-hs",
                        "Service/zk-cs",
                        "PodDisruptionBudget/zk-pdb");
        assertThat(deployed.pods()).extracting(PodFacts::name).containsExactly("zk-0", "zk-1", "zk-2");
        assertThat(deployed.pods()).allSatisfy(p -> {
            assertThat(p.node()).startsWith("worker-");
            assertThat(p.created()).isNotNull();
            assertThat(p.ready()).isNotNull();
        });
        assertThat(deployed.pods()).extracting(PodFacts::node).doesNotHaveDuplicates();
        assertThat(deployed.orderedReady()).isTrue();
        assertThat(deployed.timeline())
                .extracting(t -> t.pod() + " " + t.what())
                .containsSubsequence(
                        "zk-0 created", "zk-0 ready", "zk-1 created", "zk-1 ready", "zk-2 created", "zk-2 ready");

        // Applied again it changes nothing: same generation, same pods, same super user.
        long generation = template(client).getMetadata().getGeneration();
        String password = client.secrets()
                .inNamespace(namespace)
                .withName("zk-admin")
                .get()
                .getData()
                .get("password");
        EnsembleDeployment.Result again = new EnsembleDeployment(client).deploy(model, deadline());
        assertThat(template(client).getMetadata().getGeneration()).isEqualTo(generation);
        assertThat(again.pods())
                .extracting(PodFacts::uid)
                .containsExactlyElementsOf(
                        deployed.pods().stream().map(PodFacts::uid).toList());
        assertThat(client.secrets()
                        .inNamespace(namespace)
                        .withName("zk-admin")
                        .get()
                        .getData()
                        .get("password"))
                .isEqualTo(password);
    }

    /**
     * On localkube each member runs the pod's own container: the deployer's start script from the ConfigMap, in
     * the pod's own UTS and mount namespaces (hostname, volumes at their mountPath, /etc/hosts), as runAsUser 1000
     * with fsGroup 1000 owning the data — what the lab shows with kubectl exec, checked here from the host.
     */
    @Test
    @Order(1)
    void eachMemberIsThePodsOwnContainerRunningAsItsUserWithItsHostnameAndVolumes() throws Exception {
        for (int ordinal = 0; ordinal < 3; ordinal++) {
            String volume = client.persistentVolumeClaims()
                    .inNamespace(namespace)
                    .withName("datadir-zk-" + ordinal)
                    .get()
                    .getSpec()
                    .getVolumeName();
            ProcessHandle server = ContainerProcesses.serverWithVolume(volume)
                    .orElseThrow(() -> new AssertionError("no server with volume " + volume));
            String pod = "zk-" + ordinal;
            assertThat(ContainerProcesses.uid(server))
                    .as("%s's server runs as runAsUser", pod)
                    .isEqualTo(1000);
            assertThat(inContainer(server, "hostname")).isEqualTo(pod);
            assertThat(inContainer(server, "hostname", "-f"))
                    .isEqualTo(pod + ".zk-hs." + namespace + ".svc.cluster.local");
            assertThat(inContainer(server, "cat", "/var/lib/zookeeper/data/myid"))
                    .isEqualTo(Integer.toString(ordinal + 1));
            assertThat(inContainer(server, "stat", "-c", "%g", "/var/lib/zookeeper/data"))
                    .as("fsGroup owns the data")
                    .isEqualTo("1000");
            assertThat(inContainer(server, "ls", "/etc/zklab"))
                    .contains("start-zookeeper.sh", "zoo.cfg", "zoo.cfg.dynamic");
            assertThat(inContainer(server, "sh", "-c", "command -v zkServer.sh; command -v zkCli.sh"))
                    .isEqualTo("/apache-zookeeper-3.9.5-bin/bin/zkServer.sh\n/apache-zookeeper-3.9.5-bin/bin/zkCli.sh");
        }
    }

    /** A command in the namespaces of a container's process with its environment (as kubectl exec runs it), its output trimmed. */
    private static String inContainer(ProcessHandle process, String... command) throws Exception {
        List<String> argv = new ArrayList<>(
                List.of("nsenter", "--target", Long.toString(process.pid()), "--mount", "--uts", "--net"));
        argv.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        builder.environment().clear();
        for (String variable : java.nio.file.Files.readString(
                        java.nio.file.Path.of("/proc", Long.toString(process.pid()), "environ"))
                .split("\0")) {
            if (variable.contains("=")) {
                builder.environment()
                        .put(
                                variable.substring(0, variable.indexOf('=')),
                                variable.substring(variable.indexOf('=') + 1));
            }
        }
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as("%s: %s", String.join(" ", command), out).isZero();
        return out;
    }

    @Test
    @Order(2)
    void anEnsembleDeployedWithoutItsBudgetLosesTheOneAnEarlierDeployLeftAndGetsItBackWhenAskedAgain() {
        EnsembleModel withoutBudget = EnsembleModel.of(
                        new EnsembleSpec(3, "current", Map.of(), "fast", "1Gi", namespace, false))
                .forRun(RUN);
        EnsembleApplier applier = new EnsembleApplier(client);

        assertThat(applier.apply(withoutBudget)).extracting(o -> o.getKind()).doesNotContain("PodDisruptionBudget");
        assertThat(client.policy()
                        .v1()
                        .podDisruptionBudget()
                        .inNamespace(namespace)
                        .withName("zk-pdb")
                        .get())
                .isNull();

        applier.apply(model);
        assertThat(client.policy()
                        .v1()
                        .podDisruptionBudget()
                        .inNamespace(namespace)
                        .withName("zk-pdb")
                        .get())
                .isNotNull();
    }

    @Test
    @Order(2)
    void aMissingStorageClassIsRefusedBeforeAnythingIsApplied() {
        String elsewhere = newNamespace();
        EnsembleModel model = EnsembleModel.of(new EnsembleSpec(3, "current", Map.of(), "pd-ssd", "10Gi", elsewhere))
                .forRun(RUN);
        assertThatThrownBy(() -> new EnsembleDeployment(client).deploy(model, deadline()))
                .isInstanceOf(InvalidEnsembleException.class)
                .hasMessageContaining("StorageClass 'pd-ssd' not found in the cluster;"
                        + " create it (the setup-storage step does) or set ensemble.storageClass to one of [fast]");
        assertThat(client.namespaces().withName(elsewhere).get()).isNull();
    }

    @Test
    @Order(3)
    void aConfigurationChangeRollsOneMemberAtATimeStopsWhereAMemberDoesNotRejoinFinishesWhenRunAgainAndCanBeUndone() {
        String original = template(client).getStatus().getCurrentRevision();

        // A member that does not rejoin stops the roll there, named, and the members below it are untouched.
        ConfigurationRoll.Rejoin neverRejoins = (ordinal, deadline) -> {
            throw new RolloutFailedException(
                    "zk-" + ordinal + " is Ready but did not rejoin the quorum: not serving requests");
        };
        EnsembleModel broken = model.withSettings(Map.of("initLimit", "20"));
        assertThatThrownBy(() -> new ConfigurationRoll(client, neverRejoins).change(model, broken, deadline()))
                .isInstanceOf(RolloutFailedException.class)
                .hasMessageContaining("zk-2 is Ready but did not rejoin the quorum")
                .hasMessageContaining("undo it with a configure step with params {\"undo\": \"true\"}");
        var pods = new StatefulSetRollout(client, namespace).pods();
        assertThat(pods.get("zk-1").getMetadata().getLabels()).containsEntry(Pods.REVISION_LABEL, original);
        assertThat(pods.get("zk-0").getMetadata().getLabels()).containsEntry(Pods.REVISION_LABEL, original);

        ConfigurationRoll.Result undone =
                new ConfigurationRoll(client, (ordinal, deadline) -> {}).undo(broken, deadline());
        assertThat(undone.settings()).isEmpty();
        assertThat(undone.pods()).extracting(PodFacts::revision).containsOnly(original);

        // A change that goes through: highest ordinal first, each checked once Ready on the new revision...
        List<String> checks = new ArrayList<>();
        ConfigurationRoll.Rejoin recording = (ordinal, deadline) -> {
            StatefulSet sts = template(client);
            var now = new StatefulSetRollout(client, namespace).pods();
            assertThat(now.get("zk-" + ordinal).getMetadata().getLabels())
                    .containsEntry(Pods.REVISION_LABEL, sts.getStatus().getUpdateRevision());
            for (int lower = 0; lower < ordinal; lower++) {
                assertThat(Pods.revision(now.get("zk-" + lower)))
                        .as("zk-%d untouched while zk-%d rolls", lower, ordinal)
                        .isNotEqualTo(sts.getStatus().getUpdateRevision());
            }
            checks.add("zk-" + ordinal);
        };
        // ...whose step stops (dies, times out) once zk-1 has rolled...
        ConfigurationRoll.Rejoin stopsAfterZk1 = (ordinal, deadline) -> {
            recording.await(ordinal, deadline);
            if (ordinal == 1) {
                throw new RolloutFailedException("the step stopped after zk-1");
            }
        };
        EnsembleModel changed = model.withSettings(Map.of("tickTime", "3000"));
        assertThatThrownBy(() -> new ConfigurationRoll(client, stopsAfterZk1).change(model, changed, deadline()))
                .isInstanceOf(RolloutFailedException.class)
                .hasMessageContaining("the step stopped after zk-1");
        assertThat(checks).containsExactly("zk-2", "zk-1");

        // ...and is run again: the same change finishes the roll, restarting only zk-0.
        ConfigurationRoll roll = new ConfigurationRoll(client, (ordinal, deadline) -> checks.add("zk-" + ordinal));
        ConfigurationRoll.Result result = roll.change(changed, changed, deadline());
        assertThat(result.changed()).isTrue();
        assertThat(checks).containsExactly("zk-2", "zk-1", "zk-2", "zk-1", "zk-0");
        assertThat(client.configMaps()
                        .inNamespace(namespace)
                        .withName("zk-config")
                        .get()
                        .getData()
                        .get("zoo.cfg"))
                .contains("tickTime=3000\n");
        String revision = template(client).getStatus().getUpdateRevision();
        assertThat(result.pods()).extracting(PodFacts::revision).containsOnly(revision);
        assertThat(result.timeline())
                .extracting(t -> t.pod() + " " + t.what())
                .containsSubsequence("zk-0 deleted", "zk-0 ready")
                .doesNotContain("zk-1 deleted", "zk-2 deleted");
        assertThat(roll.change(changed, changed, deadline()).changed()).isFalse();

        ConfigurationRoll.Result back = roll.undo(changed, deadline());
        assertThat(back.settings()).isEmpty();
        assertThat(back.toHash()).isEqualTo(model.configHash());
        assertThat(client.configMaps()
                        .inNamespace(namespace)
                        .withName("zk-config")
                        .get()
                        .getData()
                        .get("zoo.cfg"))
                .contains("tickTime=2000\n");
        assertThat(back.pods()).extracting(PodFacts::revision).doesNotContain(revision);
    }

    @Test
    @Order(4)
    void aDurabilityStepThatStoppedAfterDeletingTheStatefulSetIsResumed() {
        StatefulSetRollout rollout = new StatefulSetRollout(client, namespace);
        StatefulSetRecreation recreation = new StatefulSetRecreation(client);
        assertThat(recreation.resumeInterrupted(model, deadline()))
                .as("nothing to resume while the StatefulSet exists")
                .isEmpty();
        Map<String, String> claims = recreation.claims(namespace, 3);
        client.apps().statefulSets().inNamespace(namespace).withName("zk").delete();
        rollout.awaitGone(deadline());

        EnsembleModel resumed = recreation
                .resumeInterrupted(model.withReplicas(1).withSettings(Map.of("tickTime", "3000")), deadline())
                .orElseThrow();

        assertThat(resumed.replicas()).as("as many members as have claims").isEqualTo(3);
        assertThat(resumed.configHash())
                .as("the settings the ConfigMap records")
                .isEqualTo(model.configHash());
        assertThat(StatefulSetRollout.rolledOut(rollout.statefulSet(), 3)).isTrue();
        assertThat(recreation.claims(namespace, 3)).isEqualTo(claims);
    }

    static StatefulSet template(KubernetesClient client) {
        return client.apps()
                .statefulSets()
                .inNamespace(namespace)
                .withName("zk")
                .get();
    }

    static List<String> names(List<PodFacts> pods) {
        return pods.stream().map(PodFacts::name).toList();
    }
}
