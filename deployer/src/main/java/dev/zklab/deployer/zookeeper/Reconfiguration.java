package dev.zklab.deployer.zookeeper;

import dev.zklab.members.EnsembleConnection;
import dev.zklab.members.MemberAccess;
import dev.zklab.members.QuorumConfig;
import dev.zklab.members.SuperUser;
import dev.zklab.members.ZooKeeperTimeouts;
import dev.zklab.support.kubernetes.EnsembleNames;
import dev.zklab.support.wait.Deadline;
import dev.zklab.support.wait.Poll;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
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

    /** Pause between attempts while a change waits for its newcomer or lost a race. */
    private static final Duration RETRY = Duration.ofMillis(500);

    private final MemberAccess access;
    private final SuperUser superUser;
    private final IntFunction<String> serverSpecs;
    private final ZooKeeperTimeouts timeouts;

    /**
     * @param serverSpecs the dynamic-configuration line of member N (without {@code server.id=}),
     *                    e.g. {@link EnsembleNames#serverSpec} in a namespace
     */
    public Reconfiguration(
            MemberAccess access, SuperUser superUser, IntFunction<String> serverSpecs, ZooKeeperTimeouts timeouts) {
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
    public QuorumConfig add(int ordinal, Collection<Integer> through, Deadline deadline) throws Exception {
        int id = EnsembleNames.serverId(ordinal);
        String spec = serverSpecs.apply(ordinal);
        return change(
                through, deadline, EnsembleNames.podName(ordinal) + " to join the configuration", (client, config) -> {
                    if (QuorumConfig.sameServer(spec, config.servers().get(id))) {
                        return config;
                    }
                    byte[] next = client.reconfig()
                            .joining("server." + id + "=" + spec)
                            .fromConfig(config.version())
                            .forEnsemble();
                    return QuorumConfig.parse(next);
                });
    }

    /** Removes member {@code ordinal} from the configuration; its server keeps running until its pod goes. */
    public QuorumConfig remove(int ordinal, Collection<Integer> through, Deadline deadline) throws Exception {
        int id = EnsembleNames.serverId(ordinal);
        return change(
                through, deadline, EnsembleNames.podName(ordinal) + " to leave the configuration", (client, config) -> {
                    if (!config.servers().containsKey(id)) {
                        return config;
                    }
                    byte[] next = client.reconfig()
                            .leaving(Integer.toString(id))
                            .fromConfig(config.version())
                            .forEnsemble();
                    return QuorumConfig.parse(next);
                });
    }

    private interface Change {
        QuorumConfig apply(CuratorFramework client, QuorumConfig config) throws Exception;
    }

    /**
     * Applies one change through the given members, reading the committed configuration first and
     * again after a change that lost a race; waits (until the deadline) while the newcomer is not yet
     * synced with the leader. Refusals that waiting cannot cure end at once, with what to fix.
     */
    private QuorumConfig change(Collection<Integer> through, Deadline deadline, String what, Change change)
            throws Exception {
        try (EnsembleConnection connection = connect(through)) {
            return deadline.until(what, RETRY, () -> {
                QuorumConfig config = committed(connection.client());
                try {
                    return Poll.done(change.apply(connection.client(), config));
                } catch (KeeperException.NewConfigNoQuorum e) {
                    return Poll.pending(
                            "the new configuration has no quorum of connected, synced members; is the member's"
                                    + " server running and does it reach the leader on " + EnsembleNames.SERVER_PORT
                                    + "?");
                } catch (KeeperException.ReconfigInProgress | KeeperException.BadVersionException e) {
                    return Poll.pending("another reconfiguration kept changing the ensemble");
                } catch (KeeperException.NoAuthException e) {
                    throw new ReconfigurationException(
                            what + ": ZooKeeper refused the super user; the servers' superDigest" + " and Secret "
                                    + EnsembleNames.ADMIN_SECRET
                                    + " disagree (was the Secret replaced after the pods started?)",
                            e);
                } catch (KeeperException.ReconfigDisabledException | KeeperException.UnimplementedException e) {
                    throw new ReconfigurationException(
                            what + ": the servers do not allow reconfiguration"
                                    + " (reconfigEnabled=true is needed; the tutorial profile's ZooKeeper 3.4 has none)",
                            e);
                }
            });
        }
    }

    private static QuorumConfig committed(CuratorFramework client) throws Exception {
        client.sync().forPath(ZooDefs.CONFIG_NODE);
        return QuorumConfig.parse(client.getConfig().forEnsemble());
    }

    private EnsembleConnection connect(Collection<Integer> members) {
        return EnsembleConnection.open(access, members, Optional.of(superUser), timeouts);
    }
}
