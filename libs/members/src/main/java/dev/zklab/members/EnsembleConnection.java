package dev.zklab.members;

import dev.zklab.support.kubernetes.EnsembleNames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryUntilElapsed;

/**
 * A Curator client connected to chosen members only (through their routes), so that "write through
 * zk-0, read through zk-1" means what it says. Closing it closes the client and the routes.
 */
public final class EnsembleConnection implements AutoCloseable {

    private final CuratorFramework client;
    private final List<Route> routes;

    private EnsembleConnection(CuratorFramework client, List<Route> routes) {
        this.client = client;
        this.routes = routes;
    }

    /** Connects to the members with these ordinals, as the super user when one is given. */
    public static EnsembleConnection open(
            MemberAccess access,
            Collection<Integer> ordinals,
            Optional<SuperUser> superUser,
            ZooKeeperTimeouts timeouts) {
        List<Route> routes = new ArrayList<>();
        CuratorFramework client = null;
        try {
            for (int ordinal : ordinals) {
                routes.add(access.open(ordinal, EnsembleNames.CLIENT_PORT));
            }
            CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
                    .connectString(routes.stream().map(Route::address).collect(Collectors.joining(",")))
                    // The members' configuration names in-cluster addresses; following it would leave the routes.
                    .ensembleTracker(false)
                    .sessionTimeoutMs((int) timeouts.session().toMillis())
                    .connectionTimeoutMs((int) timeouts.connect().toMillis())
                    .retryPolicy(
                            new RetryUntilElapsed((int) timeouts.operation().toMillis(), 250));
            superUser.ifPresent(user -> builder.authorization("digest", user.authBytes()));
            client = builder.build();
            client.start();
            if (!client.blockUntilConnected((int) timeouts.connect().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new MemberUnreachableException("no ZooKeeper session with " + members(routes) + " within "
                        + timeouts.connect().toSeconds() + " s via " + access.describe()
                        + "; check that the pods are Ready and that the ensemble has a quorum");
            }
            return new EnsembleConnection(client, routes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close(client, routes);
            throw new MemberUnreachableException("interrupted while connecting to " + members(routes), e);
        } catch (RuntimeException e) {
            close(client, routes);
            throw e;
        }
    }

    public CuratorFramework client() {
        return client;
    }

    /** The members this connection goes to, e.g. {@code [zk-0, zk-1]}. */
    public String members() {
        return members(routes);
    }

    @Override
    public void close() {
        close(client, routes);
    }

    private static void close(CuratorFramework client, List<Route> routes) {
        if (client != null) {
            client.close();
        }
        routes.forEach(Route::close);
    }

    private static String members(List<Route> routes) {
        return routes.stream().map(Route::member).toList().toString();
    }
}
