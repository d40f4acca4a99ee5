package dev.zklab.members;

import dev.zklab.common.ensemble.EnsembleNames;
import java.time.Duration;
import java.util.Optional;

/**
 * What a member says about itself: its server id ({@code conf}) and its state ({@code srvr}).
 *
 * @param pod      the member's pod
 * @param serverId the id the server runs with (the lab's myid), -1 when it did not say
 * @param mode     leader, follower, observer; empty when the member does not serve (no quorum)
 */
public record MemberFacts(String pod, int serverId, Optional<String> mode, long zxid, String version) {

    public static MemberFacts ask(MemberAccess access, int ordinal, Duration timeout) {
        ServerStatus status = ServerStatus.parse(FourLetterWords.ask(access, ordinal, "srvr", timeout));
        int serverId = ServerConf.parse(FourLetterWords.ask(access, ordinal, "conf", timeout)).serverId();
        return new MemberFacts(EnsembleNames.podName(ordinal), serverId, status.mode(), status.zxid(), status.version());
    }

    public boolean serving() {
        return mode.isPresent();
    }
}
