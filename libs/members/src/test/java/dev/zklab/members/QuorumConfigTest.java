package dev.zklab.members;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading membership as ZooKeeper states it, and comparing it with the expected server lines. */
class QuorumConfigTest {

    private static final String ZK3 = "zk-3.zk-hs.ns.svc.cluster.local:2888:3888:participant;2181";

    @Test
    void aBareClientPortIsTheWildcardAddressZooKeeperWritesBack() {
        assertThat(QuorumConfig.sameServer(ZK3, "zk-3.zk-hs.ns.svc.cluster.local:2888:3888:participant;0.0.0.0:2181"))
                .isTrue();
        assertThat(QuorumConfig.sameServer(ZK3, ZK3)).isTrue();
        assertThat(QuorumConfig.sameServer(ZK3, "zk-3.zk-hs.ns.svc.cluster.local:2888:3888:observer;0.0.0.0:2181"))
                .isFalse();
        assertThat(QuorumConfig.sameServer(ZK3, null)).isFalse();
    }

    @Test
    void theIdAndTheMembershipInConfAreRead() {
        String conf = """
                clientPort=2181
                serverId=2
                quorumPort=2888
                membership:\s
                server.1=a:2888:3888:participant;0.0.0.0:2181
                server.2=b:2888:3888:participant;0.0.0.0:2181
                server.3=c:2888:3888:observer;0.0.0.0:2181
                version=100000000
                """;

        QuorumConfig config = ServerConf.parse(conf).membership();
        assertThat(ServerConf.parse(conf).serverId()).isEqualTo(2);

        assertThat(config.servers()).containsOnlyKeys(1, 2, 3);
        assertThat(config.version()).isEqualTo(0x100000000L);
        assertThat(config.participants()).containsExactly(1, 2);
    }

    @Test
    void eachDifferenceFromTheExpectedLinesIsNamed() {
        QuorumConfig config = QuorumConfig.parse("""
                server.1=a:2888:3888:participant;0.0.0.0:2181
                server.2=x:2888:3888:participant;0.0.0.0:2181
                server.4=d:2888:3888:participant;0.0.0.0:2181
                """);

        assertThat(config.differencesFrom(Map.of(
                        1,
                        "a:2888:3888:participant;2181",
                        2,
                        "b:2888:3888:participant;2181",
                        3,
                        "c:2888:3888:participant;2181")))
                .containsExactly(
                        "server.2=x:2888:3888:participant;0.0.0.0:2181 (expected b:2888:3888:participant;2181)",
                        "server.3 is missing (expected c:2888:3888:participant;2181)",
                        "server.4=d:2888:3888:participant;0.0.0.0:2181 is not expected");
        assertThat(QuorumConfig.parse("server.1=a:2888:3888:participant;0.0.0.0:2181")
                        .differencesFrom(Map.of(1, "a:2888:3888:participant;2181")))
                .isEmpty();
    }
}
