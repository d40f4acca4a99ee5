package dev.zklab.deployer.scale;

import dev.zklab.common.ensemble.EnsembleNames;
import dev.zklab.members.EnsembleConnection;
import dev.zklab.members.MemberAccess;
import dev.zklab.members.MemberUnreachableException;
import dev.zklab.members.QuorumConfig;
import dev.zklab.members.SuperUser;
import dev.zklab.members.ZooKeeperTimeouts;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;

/**
 * ZooKeeper dynamic reconfiguration of one member at a time, through Curator, as the super user.
 * Each change names the configuration version it starts from, so two changes never race, and is
 * idempotent: adding a member that is in, or removing one that is out, changes nothing.
 */
public final class Reconfiguration {

    private final MemberAccess access;
    private final SuperUser superUser;
    private final IntFunction<String> serverSpecs;
    private final ZooKeeperTimeouts timeouts;

    /**
     * @param serverSpecs the dynamic-configuration line of member N (without {@code server.id=}),
     *                    e.g. {@link EnsembleNames#serverSpec} in a namespace
     */
    public Reconfiguration(MemberAccess access, SuperUser superUser, IntFunction<String> serverSpecs, ZooKeeperTimeouts timeouts) {
        this.access = access;
        this.superUser = superUser;
        this.serverSpecs = serverSpecs;
        this.timeouts = timeouts;
    }

    /** The configuration as the given members' quorum has committed it. */
    public QuorumConfig current(Collection<Integer> through) throws Exception {
        try (EnsembleConnection connection = connect(through)) {
            return committed(connection.client());
        }
    }

    /** Adds member {@code ordinal} (already started and synced as a non-voting member) as a participant. */
    public QuorumConfig add(int ordinal, Collection<Integer> through, Duration timeout) throws Exception {
        int id = EnsembleNames.serverId(ordinal);
        String spec = serverSpecs.apply(ordinal);
        return change(through, timeout, EnsembleNames.podName(ordinal) + " joining", (client, config) -> {
            if (QuorumConfig.sameServer(spec, config.servers().get(id))) {
                return config;
            }
            byte[] next = client.reconfig().joining("server." + id + "=" + spec).fromConfig(config.version()).forEnsemble();
            return QuorumConfig.parse(next);
        });
    }

    /** Removes member {@code ordinal} from the configuration; its server keeps running until its pod goes. */
    public QuorumConfig remove(int ordinal, Collection<Integer> through, Duration timeout) throws Exception {
        int id = EnsembleNames.serverId(ordinal);
        return change(through, timeout, EnsembleNames.podName(ordinal) + " leaving", (client, config) -> {
            if (!config.servers().containsKey(id)) {
                return config;
            }
            byte[] next = client.reconfig().leaving(Integer.toString(id)).fromConfig(config.version()).forEnsemble();
            return QuorumConfig.parse(next);
        });
    }

    /**
     * Waits until every given member, asked on its own, reports the same servers as {@code expected}:
     * returns each member's view; fails naming the members that disagree when the timeout passes.
     */
    public Map<Integer, QuorumConfig> awaitAgreement(Collection<Integer> members, QuorumConfig expected, Duration timeout)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Map<Integer, QuorumConfig> views = new TreeMap<>();
        Map<Integer, String> disagreeing = new TreeMap<>();
        while (true) {
            disagreeing.clear();
            for (int member : members) {
                try (EnsembleConnection one = connect(List.of(member))) {
                    QuorumConfig view = committed(one.client());
                    views.put(member, view);
                    if (!view.servers().equals(expected.servers())) {
                        disagreeing.put(member, "has " + view.servers().keySet());
                    }
                } catch (MemberUnreachableException e) {
                    disagreeing.put(member, e.getMessage());
                } catch (Exception e) {
                    disagreeing.put(member, e.toString());
                }
            }
            if (disagreeing.isEmpty()) {
                return views;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new ReconfigurationException("members did not agree on servers " + expected.servers().keySet()
                        + " within " + timeout.toSeconds() + " s: " + named(disagreeing));
            }
            Thread.sleep(250);
        }
    }

    private interface Change {
        QuorumConfig apply(CuratorFramework client, QuorumConfig config) throws Exception;
    }

    private QuorumConfig change(Collection<Integer> through, Duration timeout, String what, Change change) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        try (EnsembleConnection connection = connect(through)) {
            while (true) {
                QuorumConfig config = committed(connection.client());
                try {
                    return change.apply(connection.client(), config);
                } catch (KeeperException.NewConfigNoQuorum e) {
                    // The joining member is not yet connected and synced to the leader: wait for it.
                    if (Instant.now().isAfter(deadline)) {
                        throw new ReconfigurationException(what + ": the new configuration has no quorum of connected, "
                                + "synced members after " + timeout.toSeconds() + " s; is the member's server running and "
                                + "does it reach the leader on " + EnsembleNames.SERVER_PORT + "?", e);
                    }
                } catch (KeeperException.ReconfigInProgress | KeeperException.BadVersionException e) {
                    // Another change got there first: read the configuration again and decide again.
                    if (Instant.now().isAfter(deadline)) {
                        throw new ReconfigurationException(what + ": another reconfiguration kept changing the ensemble", e);
                    }
                } catch (KeeperException.NoAuthException e) {
                    throw new ReconfigurationException(what + ": ZooKeeper refused the super user; the servers' superDigest"
                            + " and Secret " + EnsembleNames.ADMIN_SECRET + " disagree (was the Secret replaced after the pods started?)", e);
                } catch (KeeperException.ReconfigDisabledException | KeeperException.UnimplementedException e) {
                    throw new ReconfigurationException(what + ": the servers do not allow reconfiguration"
                            + " (reconfigEnabled=true is needed; the tutorial profile's ZooKeeper 3.4 has none)", e);
                }
                Thread.sleep(500);
            }
        }
    }

    private static QuorumConfig committed(CuratorFramework client) throws Exception {
        client.sync().forPath(ZooDefs.CONFIG_NODE);
        return QuorumConfig.parse(client.getConfig().forEnsemble());
    }

    private EnsembleConnection connect(Collection<Integer> members) {
        return EnsembleConnection.open(access, members, Optional.of(superUser), timeouts);
    }

    private static String named(Map<Integer, String> problems) {
        StringBuilder text = new StringBuilder();
        problems.forEach((ordinal, problem) -> text.append(text.isEmpty() ? "" : "; ")
                .append(EnsembleNames.podName(ordinal)).append(' ').append(problem));
        return text.toString();
    }
}
