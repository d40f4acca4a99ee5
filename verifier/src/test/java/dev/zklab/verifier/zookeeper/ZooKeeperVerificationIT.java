package dev.zklab.verifier.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zklab.contracts.evidence.Check;
import dev.zklab.members.FixedAddressAccess;
import dev.zklab.members.LocalZooKeeperServers;
import dev.zklab.members.MemberAccess;
import dev.zklab.support.wait.Deadline;
import dev.zklab.verifier.check.Verification;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The ZooKeeper-level checks against real servers: ensemble A (the one verified) and ensemble B, a
 * second, separate ensemble whose members stand in for a wrong member of A (same id as another, a
 * different server list, outside A's quorum). Each fault must fail its own check with its message.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZooKeeperVerificationIT {

    private static final Duration MEMBER_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SETTLE = Duration.ofSeconds(3);

    static LocalZooKeeperServers a;
    static LocalZooKeeperServers b;

    @BeforeAll
    static void start() {
        a = new LocalZooKeeperServers(
                LocalZooKeeperServers.folderFor(ZooKeeperVerificationIT.class).resolve("a"),
                LocalZooKeeperServers.defaultStaticConfig(),
                Optional.empty());
        b = new LocalZooKeeperServers(
                LocalZooKeeperServers.folderFor(ZooKeeperVerificationIT.class).resolve("b"),
                LocalZooKeeperServers.defaultStaticConfig(),
                Optional.empty());
        a.startEnsemble(List.of(0, 1, 2));
        b.startEnsemble(List.of(0, 1, 2));
    }

    @AfterAll
    static void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @Test
    @Order(1)
    void aHealthyEnsemblePassesEveryCheck() {
        Verification v = verify(a.access(), Optional.empty());

        assertThat(v.names())
                .containsExactly(
                        "members-serving",
                        "server-ids",
                        "one-leader",
                        "same-configuration",
                        "configuration-matches-pods",
                        "in-sync",
                        "hello-replicated");
        assertThat(v.checks())
                .allSatisfy(c -> assertThat(c.passed()).as(c.toString()).isTrue());
        assertThat(v.check("server-ids").observed()).isEqualTo("zk-0 1, zk-1 2, zk-2 3");
        assertThat(v.check("hello-replicated").observed()).contains("read 'world' through zk-1");
    }

    @Test
    @Order(2)
    void afterTheDurabilityStepHelloIsReadThroughMember2Only() {
        verify(a.access(), Optional.empty());

        Verification v = verify(a.access(), Optional.of("03-durability"));

        assertThat(v.names()).endsWith("in-sync", "hello-durable");
        assertThat(v.check("hello-durable").passed()).isTrue();
        assertThat(v.check("hello-durable").observed()).contains("read 'world' through zk-2");
    }

    @Test
    @Order(3)
    void helloMissingAfterTheDurabilityStepSaysWhy() {
        Verification v = verify(mixed(Map.of(2, b)), Optional.of("03-durability"));

        Check durable = v.check("hello-durable");
        assertThat(durable.passed()).isFalse();
        assertThat(durable.message())
                .startsWith("/hello does not exist after 03-durability")
                .contains("a verify step before the durability step writes it");
    }

    @Test
    @Order(4)
    void twoMembersClaimingTheSameIdFailTheServerIds() {
        // zk-1 is reached at B's first member, which runs with id 1 like A's zk-0.
        Verification v = verify(mixed(Map.of(1, b), Map.of(1, 0)), Optional.empty());

        Check ids = v.check("server-ids");
        assertThat(ids.passed()).isFalse();
        assertThat(ids.observed()).isEqualTo("zk-0 1, zk-1 1, zk-2 3");
        assertThat(ids.message())
                .contains("zk-1 runs with server id 1, expected 2 (ordinal + 1)")
                .contains("server id 1 is claimed by zk-0 and zk-1");
    }

    @Test
    @Order(5)
    void aMemberWithAnotherServerListFailsTheConfigurationChecks() {
        Verification v = verify(mixed(Map.of(2, b)), Optional.empty());

        assertThat(v.check("server-ids").passed()).isTrue();
        Check same = v.check("same-configuration");
        assertThat(same.passed()).isFalse();
        assertThat(same.message())
                .startsWith("zk-2 holds a different server list than zk-0, zk-1: server.1=" + b.serverSpec(0)
                        + " (expected " + a.serverSpec(0) + ")");
        Check matches = v.check("configuration-matches-pods");
        assertThat(matches.passed()).isFalse();
        assertThat(matches.observed()).isEqualTo("zk-0 matches, zk-1 matches, zk-2 differs");
    }

    @Test
    @Order(6)
    void dataWrittenThroughMember0ThatMember1CannotSeeFailsTheSanityTest() {
        // zk-1 is a member of B with the right id: it serves, but not A's data.
        Verification v = verify(mixed(Map.of(1, b)), Optional.empty());

        assertThat(v.check("server-ids").passed()).isTrue();
        assertThat(v.check("members-serving").passed()).isTrue();
        Check hello = v.check("hello-replicated");
        assertThat(hello.passed()).isFalse();
        assertThat(hello.message())
                .isEqualTo("/hello written through zk-0 does not exist through zk-1: zk-1 is not in zk-0's quorum"
                        + " (see members-serving and same-configuration)");
    }

    @Test
    @Order(7)
    void aMemberThatIsDownFailsMembersServingAndInSync() {
        a.stop(2);
        a.awaitServing(0, Duration.ofSeconds(30));
        a.awaitServing(1, Duration.ofSeconds(30));

        Verification v = verify(a.access(), Optional.empty());

        Check serving = v.check("members-serving");
        assertThat(serving.passed()).isFalse();
        assertThat(serving.observed()).isEqualTo("zk-0 " + mode(v, 0) + ", zk-1 " + mode(v, 1) + ", zk-2 no answer");
        assertThat(serving.message())
                .startsWith("zk-2 does not answer: zk-2 did not answer 'srvr' at 127.0.0.1:"
                        + a.ports(2).client());
        assertThat(v.check("in-sync").message()).contains("zk-2 is at no answer");
        assertThat(v.check("one-leader").passed()).isTrue();
        assertThat(v.check("hello-replicated").passed()).isTrue();
        assertThat(v.failed()).extracting(Check::name).containsExactly("members-serving", "in-sync");
    }

    private static String mode(Verification v, int ordinal) {
        String observed = v.check("one-leader").observed();
        return observed.split(", ")[ordinal].substring(("zk-" + ordinal + " ").length());
    }

    private static Verification verify(MemberAccess access, Optional<String> afterDurability) {
        Map<Integer, String> expected = new TreeMap<>();
        for (int ordinal = 0; ordinal < 3; ordinal++) {
            expected.put(ordinal + 1, a.serverSpec(ordinal));
        }
        return new Verification(new ZooKeeperVerification(access, MEMBER_TIMEOUT, Deadline.in(SETTLE))
                .run(3, expected, afterDurability, "test"));
    }

    /** A's members, except the ordinals given, which are reached at the same ordinal of another ensemble. */
    private static MemberAccess mixed(Map<Integer, LocalZooKeeperServers> replaced) {
        return mixed(replaced, Map.of());
    }

    /** As {@link #mixed(Map)}, with the other ensemble's member chosen per replaced ordinal. */
    private static MemberAccess mixed(Map<Integer, LocalZooKeeperServers> replaced, Map<Integer, Integer> memberOf) {
        return new FixedAddressAccess((ordinal, port) -> {
            LocalZooKeeperServers servers = replaced.getOrDefault(ordinal, a);
            int member = servers == a ? ordinal : memberOf.getOrDefault(ordinal, ordinal);
            return new InetSocketAddress("127.0.0.1", servers.ports(member).client());
        });
    }
}
