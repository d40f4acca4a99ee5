package dev.zklab.deployer.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zklab.contracts.run.EnsembleSpec;
import dev.zklab.deployer.model.EnsembleModel;
import dev.zklab.members.EnsembleConnection;
import dev.zklab.members.LocalZooKeeperServers;
import dev.zklab.members.Quorum;
import dev.zklab.members.QuorumConfig;
import dev.zklab.members.SuperUser;
import dev.zklab.members.ZooKeeperTimeouts;
import dev.zklab.support.wait.Deadline;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dynamic reconfiguration against real ZooKeeper servers configured with the model's zoo.cfg:
 * 3 → 5 → 3 one member at a time, data written before each change readable after it through every
 * member, and a client writing without a single failure during each change.
 */
class ReconfigurationIT {

    static final Duration STEP = Duration.ofSeconds(60);

    LocalZooKeeperServers servers;
    SuperUser superUser;
    Reconfiguration reconfiguration;
    Quorum quorum;

    @BeforeEach
    void start() {
        // The rendered zoo.cfg of the current profile, with a shorter tick so the test elects faster.
        EnsembleModel model = EnsembleModel.of(
                        new EnsembleSpec(3, "current", Map.of("tickTime", "500"), "fast", "10Gi", "zk-it"))
                .forRun("reconfiguration-it");
        superUser = new SuperUser(UUID.randomUUID().toString());
        servers = new LocalZooKeeperServers(
                LocalZooKeeperServers.folderFor(ReconfigurationIT.class),
                model.configData().get("zoo.cfg"),
                Optional.of(superUser));
        servers.startEnsemble(List.of(0, 1, 2));
        reconfiguration =
                new Reconfiguration(servers.access(), superUser, servers::serverSpec, ZooKeeperTimeouts.defaults());
        quorum = new Quorum(servers.access());
    }

    @AfterEach
    void stop() {
        servers.close();
    }

    @Test
    void threeToFiveToThreeKeepsDataAndWritesFlowing() throws Exception {
        TreeSet<Integer> members = new TreeSet<>(List.of(0, 1, 2));
        try (Writer writer = new Writer(List.of(0, 1, 2))) {
            for (ScalePlan.Change change : ScalePlan.plan(members, members, 5, 5)) {
                grow(members, change.ordinal(), writer);
            }
            restartKeepsTheMembershipZooKeeperWrote(members);
            for (ScalePlan.Change change : ScalePlan.plan(members, members, 3, 5)) {
                shrink(members, change.ordinal(), writer);
            }
            assertThat(writer.failures())
                    .as("failed writes: %s", writer.lastFailure())
                    .isZero();
        }
        assertThat(members).containsExactly(0, 1, 2);
    }

    @Test
    void changesAreIdempotent() throws Exception {
        QuorumConfig before = reconfiguration.current(List.of(0, 1, 2));
        assertThat(reconfiguration.add(1, List.of(0, 1, 2), Deadline.in(STEP))).isEqualTo(before);
        assertThat(reconfiguration.remove(7, List.of(0, 1, 2), Deadline.in(STEP)))
                .isEqualTo(before);
    }

    private void grow(TreeSet<Integer> members, int ordinal, Writer writer) throws Exception {
        String marker = write("/before-add-" + ordinal);
        Set<Integer> next = new TreeSet<>(members);
        next.add(ordinal);
        int writesBefore = writer.successes();
        servers.start(ordinal, next);
        QuorumConfig config = reconfiguration.add(ordinal, members, Deadline.in(STEP));
        assertThat(config.participants()).containsExactlyElementsOf(ids(next));
        quorum.awaitAgreement(next, config, Deadline.in(STEP));
        members.add(ordinal);
        assertReadableThroughEachMember(members, "/before-add-" + ordinal, marker);
        assertThat(writer.successes()).as("writes while adding zk-%d", ordinal).isGreaterThan(writesBefore);
        assertThat(writer.failures())
                .as("failed writes: %s", writer.lastFailure())
                .isZero();
    }

    private void shrink(TreeSet<Integer> members, int ordinal, Writer writer) throws Exception {
        String marker = write("/before-remove-" + ordinal);
        Set<Integer> next = new TreeSet<>(members);
        next.remove(ordinal);
        int writesBefore = writer.successes();
        QuorumConfig config = reconfiguration.remove(ordinal, members, Deadline.in(STEP));
        assertThat(config.participants()).containsExactlyElementsOf(ids(next));
        quorum.awaitAgreement(next, config, Deadline.in(STEP));
        servers.stop(ordinal);
        members.remove(ordinal);
        assertReadableThroughEachMember(members, "/before-remove-" + ordinal, marker);
        assertThat(writer.successes())
                .as("writes while removing zk-%d", ordinal)
                .isGreaterThan(writesBefore);
        assertThat(writer.failures())
                .as("failed writes: %s", writer.lastFailure())
                .isZero();
    }

    /**
     * A member restarted with its volume (here: its folder) uses the membership ZooKeeper wrote
     * there, not the stale initial one it is offered (the start script's contract).
     */
    private void restartKeepsTheMembershipZooKeeperWrote(Set<Integer> members) throws Exception {
        servers.stop(0);
        servers.start(0, List.of(0, 1, 2));
        servers.awaitServing(0, STEP);
        QuorumConfig expected = reconfiguration.current(List.of(1, 2));
        assertThat(quorum.awaitAgreement(members, expected, Deadline.in(STEP))
                        .get(0)
                        .participants())
                .containsExactlyElementsOf(ids(members));
    }

    private String write(String path) throws Exception {
        String value = UUID.randomUUID().toString();
        try (EnsembleConnection zk =
                EnsembleConnection.open(servers.access(), List.of(0), Optional.empty(), ZooKeeperTimeouts.defaults())) {
            zk.client().create().forPath(path, value.getBytes(StandardCharsets.UTF_8));
        }
        return value;
    }

    private void assertReadableThroughEachMember(Set<Integer> members, String path, String value) throws Exception {
        for (int member : members) {
            try (EnsembleConnection zk = EnsembleConnection.open(
                    servers.access(), List.of(member), Optional.empty(), ZooKeeperTimeouts.defaults())) {
                zk.client().sync().forPath(path);
                assertThat(new String(zk.client().getData().forPath(path), StandardCharsets.UTF_8))
                        .as("%s via zk-%d", path, member)
                        .isEqualTo(value);
            }
        }
    }

    private static List<Integer> ids(Set<Integer> ordinals) {
        return ordinals.stream().map(o -> o + 1).toList();
    }

    /** A client that keeps writing through the original members while the ensemble changes. */
    final class Writer implements AutoCloseable {

        private final EnsembleConnection connection;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger successes = new AtomicInteger();
        private final AtomicInteger failures = new AtomicInteger();
        private final AtomicReference<String> lastFailure = new AtomicReference<>("none");
        private final Thread thread;

        Writer(List<Integer> through) {
            connection =
                    EnsembleConnection.open(servers.access(), through, Optional.empty(), ZooKeeperTimeouts.defaults());
            thread = new Thread(this::run, "writer");
            thread.start();
        }

        private void run() {
            List<String> written = new ArrayList<>();
            while (running.get()) {
                String path = "/writes/w-" + successes.get();
                try {
                    connection
                            .client()
                            .create()
                            .orSetData()
                            .creatingParentsIfNeeded()
                            .forPath(path, path.getBytes(StandardCharsets.UTF_8));
                    written.add(path);
                    successes.incrementAndGet();
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    failures.incrementAndGet();
                    lastFailure.set(e.toString());
                }
            }
        }

        int successes() {
            return successes.get();
        }

        int failures() {
            return failures.get();
        }

        String lastFailure() {
            return lastFailure.get();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
            connection.close();
        }
    }
}
