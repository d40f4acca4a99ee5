package dev.zklab.members;

import dev.zklab.contracts.evidence.MemberFacts;
import dev.zklab.support.kubernetes.EnsembleNames;
import java.util.Optional;

/**
 * What one member answered to {@code srvr} and {@code conf}, or why it did not answer.
 *
 * @param error empty when both answers came
 */
public record MemberAnswer(
        int ordinal, Optional<ServerStatus> status, Optional<ServerConf> conf, Optional<String> error) {

    public static MemberAnswer answered(int ordinal, ServerStatus status, ServerConf conf) {
        return new MemberAnswer(ordinal, Optional.of(status), Optional.of(conf), Optional.empty());
    }

    public static MemberAnswer unreachable(int ordinal, String error) {
        return new MemberAnswer(ordinal, Optional.empty(), Optional.empty(), Optional.of(error));
    }

    public String pod() {
        return EnsembleNames.podName(ordinal);
    }

    public boolean serving() {
        return status.map(ServerStatus::serving).orElse(false);
    }

    /** What evidence records of a member that answered srvr: its id (from conf, -1 without), mode, zxid, version. */
    public MemberFacts facts() {
        ServerStatus s = status.orElseThrow(() -> new IllegalStateException(pod() + " did not answer"));
        return new MemberFacts(
                pod(), conf.map(ServerConf::serverId).orElse(-1), s.mode().orElse(null), s.zxid(), s.version());
    }

    /** The member's mode (leader, follower, ...), "not serving" or "no answer", for observed values. */
    public String describeMode() {
        if (status.isEmpty()) {
            return "no answer";
        }
        return status.get().mode().orElse("not serving");
    }
}
