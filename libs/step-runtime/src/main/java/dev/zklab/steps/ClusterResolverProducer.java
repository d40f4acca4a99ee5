package dev.zklab.steps;

import dev.zklab.clusters.ClusterFiles;
import dev.zklab.clusters.ClusterResolver;
import dev.zklab.clusters.gke.GkeApi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.util.HashMap;
import java.util.Map;

/** Makes the one shared {@link ClusterResolver} available to step handlers, configured from {@link ClustersConfig}. */
@ApplicationScoped
public class ClusterResolverProducer {

    @Produces
    @ApplicationScoped
    ClusterResolver clusterResolver(ClustersConfig config) {
        Map<String, ClusterResolver.ExistingCluster> existing = new HashMap<>();
        config.existing()
                .forEach((name, cluster) -> existing.put(
                        name, new ClusterResolver.ExistingCluster(cluster.kubeconfig(), cluster.context())));
        return new ClusterResolver(
                config.localDir().orElseGet(ClusterResolver::defaultLocalClustersDir),
                existing,
                config.filesDir().map(ClusterFiles::new).orElseGet(ClusterFiles::inCache),
                config.gke()
                        .emulatorHost()
                        .map(host -> GkeApi.emulator(config.gke().project(), host))
                        .orElseGet(
                                () -> GkeApi.withDefaultCredentials(config.gke().project())));
    }

    void close(@Disposes ClusterResolver resolver) {
        resolver.close();
    }
}
