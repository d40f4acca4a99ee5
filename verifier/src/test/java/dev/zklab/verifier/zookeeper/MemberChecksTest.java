package dev.zklab.verifier.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zklab.contracts.evidence.Check;
import dev.zklab.members.MemberAnswer;
import dev.zklab.members.QuorumConfig;
import dev.zklab.members.ServerConf;
import dev.zklab.members.ServerStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The checks of what members say about themselves, for answers real servers are hard to make give. */
class MemberChecksTest {

    private static final Map<Integer, String> SERVERS = Map.of(
            1, "a:2888:3888:participant;2181", 2, "b:2888:3888:participant;2181", 3, "c:2888:3888:participant;2181");

    @Test
    void twoLeadersMeanTheMembersAreSplit() {
        Check check = MemberChecks.oneLeader(List.of(member(0, "leader"), member(1, "follower"), member(2, "leader")));

        assertThat(check.passed()).isFalse();
        assertThat(check.message())
                .isEqualTo("zk-0 and zk-2 all say they lead: the members are split into several ensembles");
    }

    @Test
    void aMemberOutsideAQuorumIsNotServingAndAnObserverIsNoFollower() {
        List<MemberAnswer> answers = List.of(
                member(0, "leader"),
                member(1, "observer"),
                MemberAnswer.answered(2, new ServerStatus(false, Optional.empty(), -1, ""), conf(3, SERVERS)));

        Check serving = MemberChecks.serving(answers);
        Check leader = MemberChecks.oneLeader(answers);

        assertThat(serving.message()).startsWith("zk-2 runs but is not part of a quorum");
        assertThat(serving.observed()).isEqualTo("zk-0 leader, zk-1 observer, zk-2 not serving");
        assertThat(leader.message()).startsWith("zk-1 is observer, neither leader nor follower");
    }

    @Test
    void aMemberWithoutMembershipSaysWhy() {
        List<MemberAnswer> answers = List.of(
                member(0, "leader"),
                MemberAnswer.answered(1, status("follower"), conf(2, Map.of())),
                member(2, "follower"));

        Check same = MemberChecks.sameConfiguration(answers);

        assertThat(same.passed()).isFalse();
        assertThat(same.message()).startsWith("zk-1 reports no membership (ZooKeeper 3.5+ lists it in conf");
        assertThat(MemberChecks.matchesPods(answers, SERVERS).passed()).isTrue();
    }

    @Test
    void aMissingMemberIsNamedByTheComparisonWithThePods() {
        Map<Integer, String> three = Map.of(1, SERVERS.get(1), 2, SERVERS.get(2));
        List<MemberAnswer> answers = List.of(
                MemberAnswer.answered(0, status("leader"), conf(1, three)),
                MemberAnswer.answered(1, status("follower"), conf(2, three)));

        Check matches = MemberChecks.matchesPods(answers, SERVERS);

        assertThat(matches.message()).startsWith("zk-0: server.3 is missing (expected c:2888:3888:participant;2181)");
    }

    private static MemberAnswer member(int ordinal, String mode) {
        return MemberAnswer.answered(ordinal, status(mode), conf(ordinal + 1, SERVERS));
    }

    private static ServerStatus status(String mode) {
        return new ServerStatus(true, Optional.of(mode), 0x100000000L, "3.9.5");
    }

    private static ServerConf conf(int id, Map<Integer, String> servers) {
        return new ServerConf(id, new QuorumConfig(servers, 0x100000000L));
    }
}
