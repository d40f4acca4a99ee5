package dev.zklab.members;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Chooses how to reach the members of an ensemble in a namespace of a cluster. */
public final class MemberAccesses {

    /** How to reach members: {@code auto} picks DNS inside a cluster, port-forward outside. */
    public enum Mode {
        AUTO,
        DNS,
        PORT_FORWARD;

        public static Mode parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "unknown member access mode '" + value + "'; use auto, dns or port-forward");
            }
        }
    }

    private static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

    private MemberAccesses() {}

    public static MemberAccess forEnsemble(KubernetesClient client, String namespace, Mode mode) {
        boolean dns = switch (mode) {
            case DNS -> true;
            case PORT_FORWARD -> false;
            case AUTO -> insideThatCluster(client);
        };
        return dns ? new ClusterDnsAccess(namespace) : new PortForwardAccess(client, namespace);
    }

    /**
     * True when zklab runs in a pod of the very cluster the client talks to: only then do the members'
     * cluster DNS names resolve (a zklab in one cluster driving another must port-forward).
     */
    static boolean insideThatCluster(KubernetesClient client) {
        String serviceHost = System.getenv("KUBERNETES_SERVICE_HOST");
        if (serviceHost == null || !Files.isReadable(SERVICE_ACCOUNT_TOKEN)) {
            return false;
        }
        String apiHost = client.getMasterUrl().getHost();
        return apiHost.equals(serviceHost) || apiHost.startsWith("kubernetes.default");
    }
}
