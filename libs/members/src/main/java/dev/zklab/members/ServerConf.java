package dev.zklab.members;

/**
 * What a member says about its configuration in answer to {@code conf}: the id it runs with (the lab's
 * myid) and the membership it holds (its {@code membership:} lines).
 *
 * @param serverId the server's id, -1 when the answer names none
 */
public record ServerConf(int serverId, QuorumConfig membership) {

    public static ServerConf parse(String conf) {
        int serverId = -1;
        for (String line : conf.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("serverId=")) {
                serverId =
                        Integer.parseInt(trimmed.substring("serverId=".length()).trim());
            }
        }
        return new ServerConf(serverId, QuorumConfig.parse(conf));
    }
}
