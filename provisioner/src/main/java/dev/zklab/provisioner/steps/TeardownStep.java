package dev.zklab.provisioner.steps;

import dev.zklab.contracts.cluster.ClusterRef;
import dev.zklab.contracts.evidence.TeardownEvidence;
import dev.zklab.contracts.run.Step;
import dev.zklab.provisioner.providers.ClusterProvider.Removal;
import dev.zklab.provisioner.providers.ClusterProviders;
import dev.zklab.provisioner.storage.BindingProof;
import dev.zklab.steps.StepContext;
import dev.zklab.steps.StepHandler;
import dev.zklab.steps.StepResult;
import dev.zklab.support.kubernetes.EnsembleNames;
import dev.zklab.support.kubernetes.EnsembleOwnership;
import dev.zklab.support.kubernetes.Marks;
import dev.zklab.support.kubernetes.RunNamespace;
import dev.zklab.support.wait.Poll;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cleanup at the end of every run that does not keep its cluster: a cluster this run created is
 * deleted (found by the run's mark on it, so a failed, cancelled or crashed provisioning is never
 * forgotten); on any other cluster only what the run made goes — its namespace when the run made it,
 * else the objects in it that carry the run's mark (and the claims of an ensemble that is the run's).
 * Nothing of anyone else's, nor of another run's, is ever deleted.
 * Running it twice is harmless.
 */
@Singleton
public class TeardownStep implements StepHandler {

    private final ClusterProviders providers;

    public TeardownStep(ClusterProviders providers) {
        this.providers = providers;
    }

    @Override
    public Step step() {
        return Step.TEARDOWN;
    }

    @Override
    public StepResult run(StepContext context) throws Exception {
        ClusterRef ref = context.command().cluster();
        String runId = context.command().runId();
        long started = System.nanoTime();
        Removal removal = providers.of(ref.provider()).remove(ref, runId, context);
        List<String> removed = new ArrayList<>();
        String reason = switch (removal) {
            case DELETED -> "the run created the cluster, so it is deleted";
            case GONE -> "the cluster does not exist (never created, or deleted already)";
            case NOT_OURS -> {
                String namespace = context.command().ensemble().namespace();
                yield "the cluster was not created by the run: "
                        + removeRunObjects(context.cluster(), namespace, runId, removed, context);
            }
        };
        double seconds = Math.round((System.nanoTime() - started) / 1e7) / 100.0;
        return StepResult.succeeded(
                new TeardownEvidence(ref.provider(), ref.name(), removal == Removal.DELETED, removed, reason, seconds));
    }

    /**
     * Removes what the run made in its namespace, adding each to {@code removed}: the namespace whole when the run made
     * it, else only the objects carrying the run's mark (and the ensemble's claims, when the ensemble is the run's).
     * Returns what it did, in a sentence.
     */
    private static String removeRunObjects(
            KubernetesClient client, String namespace, String runId, List<String> removed, StepContext context) {
        Namespace ns = client.namespaces().withName(namespace).get();
        if (ns == null) {
            return "namespace " + namespace + " does not exist, so nothing of the run's is left";
        }
        if (RunNamespace.madeBy(ns, runId)) {
            deleteNamespace(client, namespace, context);
            removed.add("namespace " + namespace);
            return "the run made namespace " + namespace + ", so it is deleted with everything in it";
        }
        Map<String, String> mark = Marks.ofRun(runId);
        if (BindingProof.leftovers(client, namespace).stream().anyMatch(o -> Marks.ownedBy(o, runId))) {
            BindingProof.remove(client, namespace, context);
            removed.add("the storage proof's claim " + BindingProof.CLAIM);
        }
        boolean ownsEnsemble =
                EnsembleOwnership.read(client, namespace).objects().stream().anyMatch(o -> Marks.ownedBy(o, runId));
        removeMarked(client, namespace, mark, removed);
        if (ownsEnsemble) {
            removeEnsembleClaims(client, namespace, removed);
        }
        if (!removed.isEmpty()) {
            context.progress("removed from namespace " + namespace + ": " + removed);
        }
        return "namespace " + namespace + " was not made by the run, so it stays with everything in it but the "
                + (removed.isEmpty()
                        ? "run's objects (it had none there)"
                        : removed.size() + " objects that carry the run's mark");
    }

    /** Deletes every object of the ensemble's kinds that carries the run's mark, noting each in {@code removed}. */
    private static void removeMarked(
            KubernetesClient client, String namespace, Map<String, String> mark, List<String> removed) {
        client.apps()
                .statefulSets()
                .inNamespace(namespace)
                .withLabels(mark)
                .delete()
                .forEach(d -> removed.add("statefulset " + d.getName()));
        client.policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace(namespace)
                .withLabels(mark)
                .delete()
                .forEach(d -> removed.add("poddisruptionbudget " + d.getName()));
        client.services()
                .inNamespace(namespace)
                .withLabels(mark)
                .delete()
                .forEach(d -> removed.add("service " + d.getName()));
        client.configMaps()
                .inNamespace(namespace)
                .withLabels(mark)
                .delete()
                .forEach(d -> removed.add("configmap " + d.getName()));
        client.secrets()
                .inNamespace(namespace)
                .withLabels(mark)
                .delete()
                .forEach(d -> removed.add("secret " + d.getName()));
    }

    /**
     * Deletes the ensemble's claims: they carry zklab's mark but no run (their template outlives a run), so they are the
     * run's when the ensemble is.
     */
    private static void removeEnsembleClaims(KubernetesClient client, String namespace, List<String> removed) {
        client
                .persistentVolumeClaims()
                .inNamespace(namespace)
                .withLabels(EnsembleNames.LABELS)
                .list()
                .getItems()
                .stream()
                .filter(c -> c.getMetadata()
                        .getName()
                        .startsWith(EnsembleNames.DATA_VOLUME + "-" + EnsembleNames.STATEFULSET + "-"))
                .forEach(c -> {
                    client.resource(c).delete();
                    removed.add("persistentvolumeclaim " + c.getMetadata().getName());
                });
    }

    /** Deletes the namespace and waits until it is gone. */
    private static void deleteNamespace(KubernetesClient client, String namespace, StepContext context) {
        context.progress("deleting namespace " + namespace);
        client.namespaces().withName(namespace).delete();
        context.deadline()
                .until(
                        "namespace " + namespace + " to be gone",
                        Duration.ofMillis(500),
                        () -> client.namespaces().withName(namespace).get() == null
                                ? Poll.done(true)
                                : Poll.pending("still terminating; see 'kubectl get namespace " + namespace
                                        + " -o yaml' for what holds it"));
    }
}
