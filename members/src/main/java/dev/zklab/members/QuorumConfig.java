package dev.zklab.members;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An ensemble's membership as ZooKeeper states it ({@code /zookeeper/config}, or the {@code membership:}
 * part of {@code conf}): the {@code server.N} lines by server id, and the configuration's version.
 */
public record QuorumConfig(Map<Integer, String> servers, long version) {

    public QuorumConfig {
        servers = Collections.unmodifiableMap(new TreeMap<>(servers));
    }

    public static QuorumConfig parse(byte[] config) {
        return parse(new String(config, StandardCharsets.UTF_8));
    }

    /** Reads the {@code server.N=} and {@code version=} lines of a text; other lines are ignored. */
    public static QuorumConfig parse(String config) {
        Map<Integer, String> servers = new TreeMap<>();
        long version = 0;
        for (String line : config.split("\n")) {
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
    public Set<Integer> participants() {
        Set<Integer> ids = new TreeSet<>();
        servers.forEach((id, spec) -> {
            String address = spec.split(";")[0];
            if (!address.endsWith(":observer")) {
                ids.add(id);
            }
        });
        return ids;
    }

    /**
     * How these server lines differ from the expected ones (by server id), one sentence per difference;
     * empty when they name the same members (see {@link #sameServer}).
     */
    public List<String> differencesFrom(Map<Integer, String> expected) {
        List<String> differences = new ArrayList<>();
        Set<Integer> ids = new TreeSet<>(expected.keySet());
        ids.addAll(servers.keySet());
        for (int id : ids) {
            String want = expected.get(id);
            String have = servers.get(id);
            if (want == null) {
                differences.add("server." + id + "=" + have + " is not expected");
            } else if (have == null) {
                differences.add("server." + id + " is missing (expected " + want + ")");
            } else if (!sameServer(want, have)) {
                differences.add("server." + id + "=" + have + " (expected " + want + ")");
            }
        }
        return differences;
    }

    /** Whether two server lines are the same member; ZooKeeper writes a bare client port back as 0.0.0.0:port. */
    public static boolean sameServer(String a, String b) {
        return a != null && b != null && withClientAddress(a).equals(withClientAddress(b));
    }

    private static String withClientAddress(String spec) {
        return spec.replaceFirst(";([0-9]+)$", ";0.0.0.0:$1");
    }
}
