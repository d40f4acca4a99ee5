package dev.zklab.members;

import java.util.Optional;

/**
 * What a member says about itself, as evidence: its server id ({@code conf}) and its state ({@code srvr}).
 *
 * @param pod      the member's pod
 * @param serverId the id the server runs with (the lab's myid), -1 when it did not say
 * @param mode     leader, follower, observer; empty when the member does not serve (no quorum)
 */
public record MemberFacts(String pod, int serverId, Optional<String> mode, long zxid, String version) {

    /** The facts of a member that answered both questions. */
    public static MemberFacts of(MemberAnswer answer) {
        ServerStatus status = answer.status().orElseThrow(() -> new IllegalArgumentException(answer.pod() + " did not answer"));
        int serverId = answer.conf().map(ServerConf::serverId).orElse(-1);
        return new MemberFacts(answer.pod(), serverId, status.mode(), status.zxid(), status.version());
    }

    public boolean serving() {
        return mode.isPresent();
    }
}
