package dev.zklab.common.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a {@link ClusterRef} into a {@link KubernetesClient}: the one place where zklab finds a
 * cluster's credentials. Clusters of provider {@code existing} are configured by whoever operates
 * zklab (kubeconfig path and context per name), never sent in a run request; {@code local} clusters
 * are localkube clusters, found by name in localkube's cluster directory.
 */
public final class ClusterResolver {

    private final Path localClustersDir;
    private final Map<String, ExistingCluster> existing;
    /** Shared by every client: Jackson's deserializers for the Kubernetes model are built once, not per step. */
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    /** An operator-configured cluster: a kubeconfig file and the context to use in it (empty: current). */
    public record ExistingCluster(Path kubeconfig, Optional<String> context) {
    }

    public ClusterResolver(Path localClustersDir, Map<String, ExistingCluster> existing) {
        this.localClustersDir = localClustersDir;
        this.existing = Map.copyOf(existing);
    }

    /** Where localkube keeps its clusters. */
    public static Path defaultLocalClustersDir() {
        return ZklabCache.directory().resolve("localkube/kwok/clusters");
    }

    /** A new client for the cluster; the caller closes it. */
    public KubernetesClient resolve(ClusterRef ref) {
        return new KubernetesClientBuilder().withConfig(config(ref)).withKubernetesSerialization(serialization).build();
    }

    /** The client configuration of the cluster, or an error that says what to fix. */
    public Config config(ClusterRef ref) {
        return switch (ref.provider()) {
            case ClusterRef.LOCAL -> {
                Path kubeconfig = localClustersDir.resolve(ref.name()).resolve("kubeconfig.yaml");
                if (!Files.isRegularFile(kubeconfig)) {
                    throw new UnknownClusterException("no local cluster '" + ref.name() + "' (no " + kubeconfig
                            + "); create it with 'localkube/localkube create " + ref.name() + "'");
                }
                yield fromKubeconfig(kubeconfig, Optional.empty());
            }
            case ClusterRef.EXISTING -> {
                ExistingCluster cluster = existing.get(ref.name());
                if (cluster == null) {
                    throw new UnknownClusterException("no existing cluster named '" + ref.name()
                            + "' is configured; configured: " + existing.keySet()
                            + "; the operator adds one with zklab.clusters.existing.\"" + ref.name() + "\".kubeconfig");
                }
                Optional<String> context = ref.context() != null && !ref.context().isBlank()
                        ? Optional.of(ref.context()) : cluster.context();
                yield fromKubeconfig(cluster.kubeconfig(), context);
            }
            case ClusterRef.KIND, ClusterRef.GKE -> throw new UnsupportedOperationException(
                    "not implemented yet: cluster provider '" + ref.provider() + "' (comes with the provisioner)");
            default -> throw new UnknownClusterException("unknown cluster provider '" + ref.provider()
                    + "'; use one of local, existing, kind, gke");
        };
    }

    private static Config fromKubeconfig(Path kubeconfig, Optional<String> context) {
        try {
            return Config.fromKubeconfig(context.orElse(null), Files.readString(kubeconfig), kubeconfig.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kubeconfig " + kubeconfig, e);
        }
    }
}
