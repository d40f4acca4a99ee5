package dev.zklab.members;

import dev.zklab.support.kubernetes.EnsembleNames;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.net.InetAddress;

/**
 * Reaches members through port-forwards via the API server, each on an ephemeral port of 127.0.0.1:
 * for zklab running outside the cluster, needing nothing but the API server.
 */
public final class PortForwardAccess implements MemberAccess {

    private final KubernetesClient client;
    private final String namespace;

    public PortForwardAccess(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    @Override
    public Route open(int ordinal, int port) {
        String pod = EnsembleNames.podName(ordinal);
        if (client.pods().inNamespace(namespace).withName(pod).get() == null) {
            throw new MemberUnreachableException(pod + " does not exist in namespace " + namespace
                    + "; is the ensemble deployed and scaled to include it?");
        }
        LocalPortForward forward = client.pods()
                .inNamespace(namespace)
                .withName(pod)
                .portForward(port, InetAddress.getLoopbackAddress(), 0);
        return new Route(pod, "127.0.0.1", forward.getLocalPort(), forward);
    }

    @Override
    public String describe() {
        return "port-forward through the API server to namespace " + namespace;
    }
}
