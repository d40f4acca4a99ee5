package dev.zklab.members;

import dev.zklab.support.kubernetes.EnsembleNames;

/** Reaches members by their stable names in the cluster's DNS: for zklab running inside the cluster. */
public final class ClusterDnsAccess implements MemberAccess {

    private final String namespace;

    public ClusterDnsAccess(String namespace) {
        this.namespace = namespace;
    }

    @Override
    public Route open(int ordinal, int port) {
        return Route.direct(EnsembleNames.podName(ordinal), EnsembleNames.memberHost(namespace, ordinal), port);
    }

    @Override
    public String describe() {
        return "cluster DNS (" + EnsembleNames.HEADLESS_SERVICE + "." + namespace + ".svc.cluster.local)";
    }
}
