package dev.zklab.members;

import java.util.Optional;

/**
 * What a member says about itself in answer to {@code srvr}.
 *
 * @param serving false when the member is up but not part of a quorum ("not currently serving requests")
 * @param mode    leader, follower, observer or standalone; empty when not serving
 * @param zxid    the last transaction id it has seen; -1 when not serving
 */
public record ServerStatus(boolean serving, Optional<String> mode, long zxid, String version) {

    private static final String NOT_SERVING = "This ZooKeeper instance is not currently serving requests";

    public static ServerStatus parse(String srvr) {
        if (srvr.contains(NOT_SERVING)) {
            return new ServerStatus(false, Optional.empty(), -1, "");
        }
        String mode = null;
        long zxid = -1;
        String version = "";
        for (String line : srvr.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("Mode:")) {
                mode = trimmed.substring("Mode:".length()).trim();
            } else if (trimmed.startsWith("Zxid:")) {
                zxid = Long.decode(trimmed.substring("Zxid:".length()).trim());
            } else if (trimmed.startsWith("Zookeeper version:")) {
                version = trimmed.substring("Zookeeper version:".length()).trim();
            }
        }
        if (mode == null) {
            throw new IllegalArgumentException("not an answer to srvr: " + srvr.strip());
        }
        return new ServerStatus(true, Optional.of(mode), zxid, version);
    }
}
