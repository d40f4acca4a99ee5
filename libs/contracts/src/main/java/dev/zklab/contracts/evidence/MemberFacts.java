package dev.zklab.contracts.evidence;

/**
 * What a ZooKeeper member says about itself, as evidence: its server id ({@code conf}) and its state ({@code srvr}).
 *
 * @param pod      the member's pod
 * @param serverId the id the server runs with (the lab's myid), -1 when it did not say
 * @param mode     leader, follower, observer; null when the member does not serve (no quorum)
 */
public record MemberFacts(String pod, int serverId, String mode, long zxid, String version) {

    public boolean serving() {
        return mode != null;
    }

    public boolean leads() {
        return "leader".equals(mode);
    }
}
