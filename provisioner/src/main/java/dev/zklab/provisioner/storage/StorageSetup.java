package dev.zklab.provisioner.storage;

import dev.zklab.contracts.cluster.ClusterRef;
import dev.zklab.contracts.evidence.StorageEvidence;
import dev.zklab.steps.StepContext;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Ensures the run's StorageClass on its cluster — created as the provider needs it, or, on an
 * existing cluster, one the operator made — and proves it with a claim that binds.
 */
public final class StorageSetup {

    private StorageSetup() {}

    public static StorageEvidence ensure(
            KubernetesClient client,
            ClusterRef cluster,
            String name,
            String namespace,
            String runId,
            boolean takeOver,
            StepContext context) {
        List<StorageClass> classes =
                client.storage().v1().storageClasses().list().getItems();
        Optional<StorageClass> existing = classes.stream()
                .filter(c -> c.getMetadata().getName().equals(name))
                .findFirst();
        Optional<StorageClass> desired = StorageClassModel.desired(
                cluster.provider(),
                name,
                classes.stream().filter(StorageClassModel::isDefault).findFirst());
        boolean applied = false;
        StorageClass used;
        if (desired.isEmpty()) {
            used = existing.orElseThrow(() -> new StorageException("StorageClass '" + name
                    + "' does not exist on cluster "
                    + cluster.name() + ", and zklab does not create classes on a cluster it did not make; name one of "
                    + names(classes) + " in ensemble.storageClass, or have the cluster's operator create '" + name
                    + "'"));
        } else if (existing.isPresent()) {
            used = same(existing.get(), desired.get(), cluster);
        } else {
            context.progress("creating StorageClass " + name + " ("
                    + desired.get().getProvisioner() + ", " + desired.get().getVolumeBindingMode() + ")");
            try {
                // Created, never applied: a class someone made meanwhile is not taken over.
                used = client.resource(desired.get()).create();
                applied = true;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                return ensure(client, cluster, name, namespace, runId, takeOver, context);
            }
        }
        String mode = used.getVolumeBindingMode() == null ? "Immediate" : used.getVolumeBindingMode();
        BindingProof.Bound bound = BindingProof.run(
                client, name, "WaitForFirstConsumer".equals(mode), namespace, runId, takeOver, context);
        return new StorageEvidence(
                name,
                used.getProvisioner(),
                parameters(used.getParameters()),
                mode,
                applied,
                BindingProof.CLAIM,
                bound.volume(),
                bound.withPod(),
                bound.millis());
    }

    /** The class that exists, when it is the one zklab would create; else why not, and what to do. */
    private static StorageClass same(StorageClass existing, StorageClass desired, ClusterRef cluster) {
        String name = existing.getMetadata().getName();
        Optional<String> conflict = StorageClassModel.conflict(existing, desired);
        if (conflict.isPresent()) {
            throw new StorageException("StorageClass '" + name + "' exists on cluster " + cluster.name() + " but "
                    + conflict.get()
                    + " (a StorageClass cannot be changed); delete it so that zklab can create it, "
                    + "or name another class in ensemble.storageClass");
        }
        return existing;
    }

    private static String parameters(Map<String, String> parameters) {
        return parameters == null
                ? ""
                : parameters.entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(", "));
    }

    private static List<String> names(List<StorageClass> classes) {
        return classes.stream().map(c -> c.getMetadata().getName()).sorted().toList();
    }
}
