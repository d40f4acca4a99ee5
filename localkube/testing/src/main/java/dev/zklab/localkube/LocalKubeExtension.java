package dev.zklab.localkube;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that hands tests the run's {@link LocalKubeCluster} and a {@link KubernetesClient}
 * for it. The cluster is created once per run and deleted when the JUnit run ends.
 */
public class LocalKubeExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(LocalKubeExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KubernetesClient.class || type == LocalKubeCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        LocalKubeCluster cluster = cluster(context);
        if (parameter.getParameter().getType() == LocalKubeCluster.class) {
            return cluster;
        }
        // One client per extension context (test method or class), closed with it.
        return context.getStore(NAMESPACE)
                .getOrComputeIfAbsent("client", key -> new ClosingClient(cluster.newClient()), ClosingClient.class)
                .client;
    }

    /** The run's cluster, registered in the root store so that JUnit deletes it at the end of the run. */
    private static LocalKubeCluster cluster(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        "cluster", key -> new ClosingCluster(LocalKubeCluster.shared()), ClosingCluster.class)
                .cluster;
    }

    private record ClosingCluster(LocalKubeCluster cluster) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            cluster.close();
        }
    }

    private record ClosingClient(KubernetesClient client) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            client.close();
        }
    }
}
