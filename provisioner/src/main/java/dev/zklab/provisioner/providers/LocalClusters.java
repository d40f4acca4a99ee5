package dev.zklab.provisioner.providers;

import dev.zklab.clusters.ClusterFiles;
import dev.zklab.clusters.ClusterResolver;
import dev.zklab.clusters.local.LocalKube;
import dev.zklab.contracts.cluster.ClusterRef;
import dev.zklab.contracts.evidence.ClusterEvidence.Origin;
import dev.zklab.kubernetes.Nodes;
import dev.zklab.provisioner.config.ProvisionerConfig;
import dev.zklab.steps.StepContext;
import dev.zklab.support.wait.Poll;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code local} clusters: localkube clusters on this host (a real control plane, KWOK nodes, real
 * ZooKeeper behind the zk pods), made and deleted with the {@code localkube} command.
 */
@Singleton
public class LocalClusters implements ClusterProvider {

    private final ClusterResolver resolver;
    private final ClusterFiles files;
    private final ProvisionerConfig config;

    public LocalClusters(ClusterResolver resolver, ProvisionerConfig config) {
        this.resolver = resolver;
        this.files = resolver.files();
        this.config = config;
    }

    @Override
    public String id() {
        return ClusterRef.LOCAL;
    }

    private LocalKube localKube() {
        return config.localkube().map(LocalKube::new).orElseGet(LocalKube::ofRepository);
    }

    private boolean exists(ClusterRef ref) {
        return Files.isDirectory(resolver.localClusterDir(ref.name()));
    }

    @Override
    public Origin provision(ClusterOrder order, StepContext context) {
        ClusterRef ref = order.ref();
        Optional<String> owner = files.owner(ref);
        if (exists(ref)) {
            if (owner.filter(order.runId()::equals).isEmpty()) {
                context.progress("local cluster " + ref.name()
                        + " exists (not made by this run): using it, and leaving it standing");
                return Origin.FOUND;
            }
            context.progress(
                    "local cluster " + ref.name() + " was begun by an earlier attempt of this run: waiting for it");
            awaitNodes(ref, order.nodes(), context);
            return Origin.ADOPTED;
        }
        // The mark comes first: whatever stops this step from here on, teardown knows the cluster is the run's.
        files.markOwner(ref, order.runId());
        context.progress("creating local cluster " + ref.name() + " (" + order.nodes() + " nodes) for run "
                + order.runId() + "; the run's teardown deletes it");
        localKube()
                .create(
                        ref.name(),
                        order.nodes(),
                        context.deadline(),
                        line -> context.progress(line.replaceFirst("^\\[localkube\\] ", "")));
        return Origin.CREATED;
    }

    /** An adopted cluster may still be coming up: it answers once its kubeconfig is written and its nodes are Ready. */
    private void awaitNodes(ClusterRef ref, int nodes, StepContext context) {
        context.deadline()
                .until(
                        "local cluster " + ref.name() + " to have " + nodes + " Ready nodes",
                        Duration.ofSeconds(1),
                        () -> {
                            if (!Files.isRegularFile(
                                    resolver.localClusterDir(ref.name()).resolve("kubeconfig.yaml"))) {
                                return Poll.pending("no kubeconfig yet");
                            }
                            try (KubernetesClient client = resolver.resolve(ref)) {
                                int ready = Nodes.schedulable(client).size();
                                return ready >= nodes ? Poll.done(ready) : Poll.pending(ready + " Ready nodes");
                            } catch (KubernetesClientException e) {
                                return Poll.pending("API server not answering: " + e.getMessage());
                            }
                        });
    }

    @Override
    public Removal remove(ClusterRef ref, String runId, StepContext context) {
        boolean ours = files.owner(ref).filter(runId::equals).isPresent();
        if (!exists(ref)) {
            if (ours) {
                files.forget(ref);
            }
            return Removal.GONE;
        }
        if (!ours) {
            return Removal.NOT_OURS;
        }
        context.progress("deleting local cluster " + ref.name());
        localKube()
                .delete(
                        ref.name(),
                        context.deadline(),
                        line -> context.progress(line.replaceFirst("^\\[localkube\\] ", "")));
        files.forget(ref);
        return Removal.DELETED;
    }
}
