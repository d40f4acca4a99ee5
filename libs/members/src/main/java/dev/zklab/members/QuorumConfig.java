package dev.zklab.members;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.zookeeper.server.quorum.QuorumPeer.LearnerType;
import org.apache.zookeeper.server.quorum.QuorumPeer.QuorumServer;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig.ConfigException;
import org.apache.zookeeper.server.quorum.flexible.QuorumMaj;
import org.apache.zookeeper.server.util.ConfigUtils;

/**
 * An ensemble's membership as ZooKeeper states it ({@code /zookeeper/config}, or the {@code membership:}
 * part of {@code conf}): the {@code server.N} lines by server id, and the configuration's version.
 *
 * <p>Who votes, what a quorum is and when two lines name the same server are ZooKeeper's own answers:
 * each line becomes a {@link QuorumServer} and the membership a {@link QuorumMaj}. The lines are split
 * with ZooKeeper's {@link ConfigUtils#getHostAndPort} rather than its {@code QuorumServer(long, String)},
 * which resolves every host name as it parses — a DNS lookup of in-cluster names from outside the
 * cluster, which zklab must not do; the addresses here stay unresolved.
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
        return verifier().getVotingMembers().keySet().stream()
                .map(Long::intValue)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Whether the two memberships name the same servers, line by line (versions aside). */
    public boolean sameServers(QuorumConfig other) {
        return differencesFrom(other.servers).isEmpty();
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

    /**
     * Whether two server lines are the same member, compared as ZooKeeper prints them back (it writes
     * a bare client port as {@code 0.0.0.0:port}, and a missing role as participant).
     */
    public static boolean sameServer(String a, String b) {
        return a != null && b != null && canonical(a).equals(canonical(b));
    }

    private static String canonical(String spec) {
        try {
            return server(0, spec).toString();
        } catch (ConfigException | RuntimeException e) {
            return spec.trim();
        }
    }

    private QuorumMaj verifier() {
        Map<Long, QuorumServer> members = new HashMap<>();
        servers.forEach((id, spec) -> {
            try {
                members.put(id.longValue(), server(id, spec));
            } catch (ConfigException e) {
                throw new IllegalArgumentException(
                        "server." + id + "=" + spec + " is not a ZooKeeper server line: " + e.getMessage(), e);
            }
        });
        return new QuorumMaj(members);
    }

    /** A server line as ZooKeeper's {@link QuorumServer}, its addresses unresolved. */
    static QuorumServer server(long id, String spec) throws ConfigException {
        String[] sides = spec.trim().split(";", 2);
        String[] address = ConfigUtils.getHostAndPort(sides[0]);
        if (address.length < 3) {
            throw new ConfigException("expected host:quorumPort:electionPort[:role], got " + sides[0]);
        }
        LearnerType type = address.length > 3 && address[3].equalsIgnoreCase("observer")
                ? LearnerType.OBSERVER
                : LearnerType.PARTICIPANT;
        InetSocketAddress client = null;
        if (sides.length > 1 && !sides[1].isBlank()) {
            String[] clientAddress = ConfigUtils.getHostAndPort(sides[1].trim());
            client = clientAddress.length == 1
                    ? unresolved("0.0.0.0", clientAddress[0])
                    : unresolved(clientAddress[0], clientAddress[1]);
        }
        return new QuorumServer(
                id, unresolved(address[0], address[1]), unresolved(address[0], address[2]), client, type);
    }

    private static InetSocketAddress unresolved(String host, String port) throws ConfigException {
        try {
            return InetSocketAddress.createUnresolved(host, Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw new ConfigException("'" + port + "' is not a port");
        }
    }
}
