package dev.zklab.members;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An ensemble's membership as ZooKeeper states it ({@code /zookeeper/config}): the {@code server.N}
 * lines by server id, and the configuration's version.
 */
public record QuorumConfig(Map<Integer, String> servers, long version) {

    public QuorumConfig {
        servers = Collections.unmodifiableMap(new TreeMap<>(servers));
    }

    public static QuorumConfig parse(byte[] config) {
        Map<Integer, String> servers = new TreeMap<>();
        long version = 0;
        for (String line : new String(config, StandardCharsets.UTF_8).split("\n")) {
            String trimmed = line.trim();
            int eq = trimmed.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = trimmed.substring(0, eq);
            String value = trimmed.substring(eq + 1);
            if (key.startsWith("server.")) {
                servers.put(Integer.parseInt(key.substring("server.".length())), value);
            } else if (key.equals("version")) {
                version = Long.parseLong(value, 16);
            }
        }
        return new QuorumConfig(servers, version);
    }

    /** The voting members (participants), by server id. */
    public java.util.Set<Integer> participants() {
        java.util.Set<Integer> ids = new java.util.TreeSet<>();
        servers.forEach((id, spec) -> {
            String address = spec.split(";")[0];
            if (!address.endsWith(":observer")) {
                ids.add(id);
            }
        });
        return ids;
    }
}
