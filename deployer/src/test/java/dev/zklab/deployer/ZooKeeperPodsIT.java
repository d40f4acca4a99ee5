package dev.zklab.deployer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zklab.common.ensemble.EnsembleNames;
import dev.zklab.common.run.EnsembleSpec;
import dev.zklab.deployer.apply.Deadline;
import dev.zklab.deployer.apply.EnsembleApplier;
import dev.zklab.deployer.apply.EnsembleDeployment;
import dev.zklab.deployer.apply.QuorumFormation;
import dev.zklab.deployer.apply.ScaleObjects;
import dev.zklab.deployer.apply.StatefulSetRecreation;
import dev.zklab.deployer.model.EnsembleModel;
import dev.zklab.deployer.scale.Reconfiguration;
import dev.zklab.localkube.WithLocalKube;
import dev.zklab.members.EnsembleConnection;
import dev.zklab.members.MemberAccess;
import dev.zklab.members.MemberFacts;
import dev.zklab.members.PortForwardAccess;
import dev.zklab.members.QuorumConfig;
import dev.zklab.members.SuperUser;
import dev.zklab.members.ZooKeeperTimeouts;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The deployer against real ZooKeeper servers behind localkube's pods (localkube-runtime), reached the
 * way zklab reaches any cluster it runs outside of: port-forwards through the API server.
 */
@WithLocalKube
class ZooKeeperPodsIT {

    static final Duration TIMEOUT = Duration.ofSeconds(180);

    @Test
    void theEnsembleFormsKeepsItsDataScalesAndSurvivesAnEviction(KubernetesClient client) throws Exception {
        String namespace = "zk-real-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        EnsembleModel model = EnsembleModel.of(new EnsembleSpec(3, "current", Map.of(), "fast", "1Gi", namespace));
        MemberAccess access = new PortForwardAccess(client, namespace);
        String cordoned = null;
        try {
            new EnsembleDeployment(client).deploy(model, deadline());
            List<MemberFacts> members = new QuorumFormation(access).await(3, deadline());
            assertThat(members).extracting(MemberFacts::serverId).containsExactly(1, 2, 3);
            assertThat(members).filteredOn(m -> m.mode().orElseThrow().equals("leader")).hasSize(1);
            assertThat(members).allSatisfy(m -> assertThat(m.version()).startsWith("3.9.5"));

            write(access, 0, "/hello", "world");
            assertThat(read(access, 1, "/hello")).isEqualTo("world");

            new StatefulSetRecreation(client).recreate(model, deadline());
            new QuorumFormation(access).await(3, deadline());
            assertThat(read(access, 2, "/hello")).as("/hello through zk-2 after the StatefulSet was deleted and applied again")
                    .isEqualTo("world");

            SuperUser superUser = new EnsembleApplier(client).superUser(namespace).orElseThrow();
            Reconfiguration reconfiguration = new Reconfiguration(access, superUser,
                    ordinal -> EnsembleNames.serverSpec(namespace, ordinal), ZooKeeperTimeouts.defaults());
            ScaleObjects objects = new ScaleObjects(client);
            EnsembleModel current = model;
            for (int ordinal : List.of(3, 4)) {
                current = objects.addMember(current, deadline());
                QuorumConfig config = reconfiguration.add(ordinal, range(ordinal), TIMEOUT);
                reconfiguration.awaitAgreement(range(ordinal + 1), config, TIMEOUT);
                assertThat(read(access, ordinal, "/hello")).as("/hello through the new zk-%d", ordinal).isEqualTo("world");
            }
            for (int ordinal : List.of(4, 3)) {
                QuorumConfig config = reconfiguration.remove(ordinal, range(ordinal), TIMEOUT);
                reconfiguration.awaitAgreement(range(ordinal), config, TIMEOUT);
                current = objects.removeMember(current, deadline());
                assertThat(config.participants()).hasSize(ordinal);
            }
            assertThat(new QuorumFormation(access).await(3, deadline())).extracting(MemberFacts::serverId).containsExactly(1, 2, 3);
            assertThat(read(access, 0, "/hello")).isEqualTo("world");

            // Maintenance: zk-0's node cordoned, zk-0 evicted; it comes back elsewhere with its data.
            Pod zk0 = client.pods().inNamespace(namespace).withName("zk-0").get();
            cordoned = zk0.getSpec().getNodeName();
            client.nodes().withName(cordoned).edit(n -> {
                n.getSpec().setUnschedulable(true);
                return n;
            });
            assertThat(client.pods().inNamespace(namespace).withName("zk-0").evict()).as("eviction of zk-0 allowed by zk-pdb").isTrue();
            String from = cordoned;
            await().atMost(TIMEOUT).until(() -> {
                Pod moved = client.pods().inNamespace(namespace).withName("zk-0").get();
                return moved != null && !moved.getMetadata().getUid().equals(zk0.getMetadata().getUid())
                        && moved.getSpec().getNodeName() != null && !moved.getSpec().getNodeName().equals(from)
                        && moved.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
            });
            new QuorumFormation(access).await(3, deadline());
            assertThat(read(access, 0, "/hello")).as("/hello through zk-0 after it moved to another node").isEqualTo("world");

            // A server that dies is restarted like a container, and rejoins.
            String volume = client.persistentVolumeClaims().inNamespace(namespace).withName("datadir-zk-1").get().getSpec().getVolumeName();
            ProcessHandle server = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().orElse("").contains(volume + "/conf/zoo.cfg"))
                    .findFirst().orElseThrow(() -> new AssertionError("no ZooKeeper process of zk-1 (volume " + volume + ")"));
            server.destroyForcibly();
            await().atMost(TIMEOUT).until(() -> {
                Pod zk1 = client.pods().inNamespace(namespace).withName("zk-1").get();
                var status = zk1.getStatus().getContainerStatuses().get(0);
                return status.getRestartCount() >= 1 && Boolean.TRUE.equals(status.getReady())
                        && status.getLastState().getTerminated() != null;
            });
            new QuorumFormation(access).await(3, deadline());
            assertThat(read(access, 1, "/hello")).as("/hello through zk-1 after its server was killed").isEqualTo("world");
        } finally {
            if (cordoned != null) {
                client.nodes().withName(cordoned).edit(n -> {
                    n.getSpec().setUnschedulable(false);
                    return n;
                });
            }
            client.namespaces().withName(namespace).delete();
        }
    }

    static Deadline deadline() {
        return Deadline.in(TIMEOUT, () -> false);
    }

    static List<Integer> range(int n) {
        return java.util.stream.IntStream.range(0, n).boxed().toList();
    }

    static void write(MemberAccess access, int ordinal, String path, String value) throws Exception {
        try (EnsembleConnection zk = EnsembleConnection.open(access, List.of(ordinal), Optional.empty(), ZooKeeperTimeouts.defaults())) {
            zk.client().create().orSetData().forPath(path, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    static String read(MemberAccess access, int ordinal, String path) throws Exception {
        try (EnsembleConnection zk = EnsembleConnection.open(access, List.of(ordinal), Optional.empty(), ZooKeeperTimeouts.defaults())) {
            zk.client().sync().forPath(path);
            return new String(zk.client().getData().forPath(path), StandardCharsets.UTF_8);
        }
    }
}
