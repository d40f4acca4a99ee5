package dev.zklab.clusters;

import com.google.api.gax.rpc.ApiException;
import dev.zklab.clusters.gke.GkeApi;
import dev.zklab.clusters.gke.GkeErrors;
import dev.zklab.contracts.cluster.ClusterRef;
import dev.zklab.support.files.PrivateFiles;
import dev.zklab.support.files.ZklabCache;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a {@link ClusterRef} into a {@link KubernetesClient}: the one place where zklab finds a
 * cluster's credentials. Clusters of provider {@code existing} are configured by whoever operates
 * zklab (kubeconfig path and context per name), never sent in a run request; {@code local} clusters
 * are localkube clusters, found by name in localkube's cluster directory; {@code kind} clusters by the
 * kubeconfig the provisioner stored when it created them ({@link ClusterFiles}); {@code gke} clusters
 * through the GKE API of the operator's project, with Google credentials.
 */
public final class ClusterResolver implements AutoCloseable {

    private final Path localClustersDir;
    private final Map<String, ExistingCluster> existing;
    private final ClusterFiles files;
    private final GkeApi gke;
    /** Shared by every client: Jackson's deserializers for the Kubernetes model are built once, not per step. */
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    /** An operator-configured cluster: a kubeconfig file and the context to use in it (empty: current). */
    public record ExistingCluster(Path kubeconfig, Optional<String> context) {}

    public ClusterResolver(
            Path localClustersDir, Map<String, ExistingCluster> existing, ClusterFiles files, GkeApi gke) {
        this.localClustersDir = localClustersDir;
        this.existing = Map.copyOf(existing);
        this.files = files;
        this.gke = gke;
    }

    /** Local and existing clusters as given; kind clusters from zklab's cache; GKE with default credentials. */
    public ClusterResolver(Path localClustersDir, Map<String, ExistingCluster> existing) {
        this(localClustersDir, existing, ClusterFiles.inCache(), GkeApi.withDefaultCredentials(Optional.empty()));
    }

    /** Where localkube keeps the local cluster of that name (whether or not it exists). */
    public Path localClusterDir(String name) {
        return localClustersDir.resolve(name);
    }

    /** What zklab keeps about the clusters it creates on this host. */
    public ClusterFiles files() {
        return files;
    }

    /** zklab's access to GKE. */
    public GkeApi gke() {
        return gke;
    }

    /** Where localkube keeps its clusters. */
    public static Path defaultLocalClustersDir() {
        return ZklabCache.directory().resolve("localkube/kwok/clusters");
    }

    /** A new client for the cluster; the caller closes it. */
    public KubernetesClient resolve(ClusterRef ref) {
        return new KubernetesClientBuilder()
                .withConfig(config(ref))
                .withKubernetesSerialization(serialization)
                .build();
    }

    /** The client configuration of the cluster, or an error that says what to fix. */
    public Config config(ClusterRef ref) {
        return switch (ref.provider()) {
            case ClusterRef.LOCAL -> {
                Path kubeconfig = localClusterDir(ref.name()).resolve("kubeconfig.yaml");
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
                Optional<String> context =
                        ref.context() != null && !ref.context().isBlank()
                                ? Optional.of(ref.context())
                                : cluster.context();
                yield fromKubeconfig(cluster.kubeconfig(), context);
            }
            case ClusterRef.KIND ->
                fromKubeconfig(
                        files.kubeconfig(ref)
                                .orElseThrow(() -> new UnknownClusterException("no kind cluster '" + ref.name()
                                        + "' created by zklab on this host (its kubeconfig is stored by the "
                                        + "provision-cluster step); run provision-cluster first")),
                        Optional.empty());
            case ClusterRef.GKE -> {
                String name = gke.clusterName(ref.location(), ref.name());
                try {
                    yield gke.kubernetesConfig(gke.clusters().getCluster(name));
                } catch (ApiException e) {
                    throw GkeErrors.explain(e, "looking up GKE cluster " + ref.name() + " in " + ref.location());
                }
            }
            default ->
                throw new UnknownClusterException(
                        "unknown cluster provider '" + ref.provider() + "'; use one of local, existing, kind, gke");
        };
    }

    @Override
    public void close() {
        gke.close();
    }

    /**
     * The configuration of a kubeconfig zklab keeps or the operator configured — never one a run names: a run names a
     * context of it at most, which must be there (else a client would quietly take the file's current context).
     */
    private static Config fromKubeconfig(Path kubeconfig, Optional<String> context) {
        PrivateFiles.requirePrivate(kubeconfig, "kubeconfig");
        Config config;
        try {
            config = Config.fromKubeconfig(context.orElse(null), Files.readString(kubeconfig), kubeconfig.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kubeconfig " + kubeconfig, e);
        }
        if (context.isPresent()) {
            List<String> contexts = config.getContexts() == null
                    ? List.of()
                    : config.getContexts().stream().map(NamedContext::getName).toList();
            if (!contexts.contains(context.get())) {
                throw new UnknownClusterException("context '" + context.get() + "' is not in the cluster's kubeconfig "
                        + kubeconfig + "; use one of " + contexts
                        + ", or leave cluster.context out for its current context");
            }
        }
        return config;
    }
}
