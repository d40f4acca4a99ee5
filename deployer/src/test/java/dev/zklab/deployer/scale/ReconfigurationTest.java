package dev.zklab.deployer.scale;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a member's line is recognised in the configuration ZooKeeper reports back. */
class ReconfigurationTest {

    @Test
    void aBareClientPortIsTheWildcardAddressZooKeeperWritesBack() {
        String ours = "zk-3.zk-hs.ns.svc.cluster.local:2888:3888:participant;2181";
        assertThat(Reconfiguration.sameServer(ours, "zk-3.zk-hs.ns.svc.cluster.local:2888:3888:participant;0.0.0.0:2181")).isTrue();
        assertThat(Reconfiguration.sameServer(ours, ours)).isTrue();
        assertThat(Reconfiguration.sameServer(ours, "zk-3.zk-hs.ns.svc.cluster.local:2888:3888:observer;0.0.0.0:2181")).isFalse();
        assertThat(Reconfiguration.sameServer(ours, null)).isFalse();
    }
}
