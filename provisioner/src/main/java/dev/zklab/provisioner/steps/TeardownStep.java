package dev.zklab.provisioner.steps;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zklab.common.cluster.ClusterRef;
import dev.zklab.common.ensemble.EnsembleNames;
import dev.zklab.common.evidence.TeardownEvidence;
import dev.zklab.common.run.Step;
import dev.zklab.common.wait.Poll;
import dev.zklab.provisioner.providers.ClusterProvider.Removal;
import dev.zklab.provisioner.providers.ClusterProviders;
import dev.zklab.provisioner.storage.BindingProof;
import dev.zklab.steps.StepContext;
import dev.zklab.steps.StepHandler;
import dev.zklab.steps.StepResult;
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
 * forgotten); on any other cluster only what the run made goes — its namespace when zklab made it,
 * else zklab's objects in it. Running it twice is harmless.
 */
@Singleton
public class TeardownStep implements StepHandler {

    private static final String MANAGED_BY = "app.kubernetes.io/managed-by";

    private final ObjectMapper json;
    private final ClusterProviders providers;

    public TeardownStep(ObjectMapper json, ClusterProviders providers) {
        this.json = json;
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
                try (KubernetesClient client = context.cluster()) {
                    removed.addAll(removeRunObjects(client, context.command().ensemble().namespace(), context));
                }
                yield "the cluster was not created by the run: only what the run made on it is removed";
            }
        };
        double seconds = Math.round((System.nanoTime() - started) / 1e7) / 100.0;
        return StepResult.succeeded(json.valueToTree(new TeardownEvidence(ref.provider(), ref.name(),
                removal == Removal.DELETED, removed, reason, seconds)));
    }

    private static List<String> removeRunObjects(KubernetesClient client, String namespace, StepContext context) {
        List<String> removed = new ArrayList<>();
        Namespace ns = client.namespaces().withName(namespace).get();
        if (ns == null) {
            return removed;
        }
        Map<String, String> labels = ns.getMetadata().getLabels();
        if (labels != null && "zklab".equals(labels.get(MANAGED_BY))) {
            deleteNamespace(client, namespace, context);
            removed.add("namespace " + namespace);
            return removed;
        }
        // A namespace the run did not make (named in its spec): only zklab's objects in it go.
        int before = removed.size();
        if (client.persistentVolumeClaims().inNamespace(namespace).withName(BindingProof.CLAIM).get() != null) {
            BindingProof.remove(client, namespace, context);
            removed.add("the storage proof's claim " + BindingProof.CLAIM);
        }
        if (!client.apps().statefulSets().inNamespace(namespace).withLabels(EnsembleNames.LABELS).delete().isEmpty()) {
            removed.add("statefulset " + EnsembleNames.STATEFULSET);
        }
        if (!client.policy().v1().podDisruptionBudget().inNamespace(namespace).withLabels(EnsembleNames.LABELS).delete().isEmpty()) {
            removed.add("poddisruptionbudget " + EnsembleNames.PDB);
        }
        client.services().inNamespace(namespace).withLabels(EnsembleNames.LABELS).delete()
                .forEach(d -> removed.add("service " + d.getName()));
        client.configMaps().inNamespace(namespace).withLabels(EnsembleNames.LABELS).delete()
                .forEach(d -> removed.add("configmap " + d.getName()));
        client.secrets().inNamespace(namespace).withLabels(EnsembleNames.LABELS).delete()
                .forEach(d -> removed.add("secret " + d.getName()));
        client.persistentVolumeClaims().inNamespace(namespace).withLabels(EnsembleNames.LABELS).delete()
                .forEach(d -> removed.add("persistentvolumeclaim " + d.getName()));
        if (removed.size() > before) {
            context.progress("removed from namespace " + namespace + ": " + removed.subList(before, removed.size()));
        }
        return removed;
    }

    /** Deletes the namespace and waits until it is gone. */
    private static void deleteNamespace(KubernetesClient client, String namespace, StepContext context) {
        context.progress("deleting namespace " + namespace);
        client.namespaces().withName(namespace).delete();
        context.deadline().until("namespace " + namespace + " to be gone", Duration.ofMillis(500), () ->
                client.namespaces().withName(namespace).get() == null ? Poll.done(true)
                        : Poll.pending("still terminating; see 'kubectl get namespace " + namespace + " -o yaml' for what holds it"));
    }
}
