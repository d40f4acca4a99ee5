package dev.zklab.members;

import dev.zklab.support.kubernetes.EnsembleNames;
import java.net.InetSocketAddress;
import java.util.function.BiFunction;

/**
 * Reaches members at addresses known in advance (ordinal and port to address): ZooKeeper servers that
 * are not behind Kubernetes, such as the ones tests start.
 */
public final class FixedAddressAccess implements MemberAccess {

    private final BiFunction<Integer, Integer, InetSocketAddress> addresses;

    public FixedAddressAccess(BiFunction<Integer, Integer, InetSocketAddress> addresses) {
        this.addresses = addresses;
    }

    @Override
    public Route open(int ordinal, int port) {
        InetSocketAddress address = addresses.apply(ordinal, port);
        return Route.direct(EnsembleNames.podName(ordinal), address.getHostString(), address.getPort());
    }

    @Override
    public String describe() {
        return "fixed addresses";
    }
}
