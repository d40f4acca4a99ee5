package dev.zklab.provisioner.storage;

import dev.zklab.steps.StepContext;
import dev.zklab.support.kubernetes.EnsembleOwnership;
import dev.zklab.support.kubernetes.Marks;
import dev.zklab.support.kubernetes.RunNamespace;
import dev.zklab.support.wait.Poll;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Proves that a StorageClass really provisions: a throwaway claim in the run's namespace (where zklab's
 * permissions were checked), with a pod that uses it when the class binds only for a first consumer,
 * awaited until Bound, then removed with its pod (so its volume is released and deleted).
 */
public final class BindingProof {

    /** The claim's name, and its pod's. */
    public static final String CLAIM = "zklab-storage-proof";
    /** The pod's image: the smallest one every cluster can pull; it only holds the claim. */
    static final String PAUSE_IMAGE = "registry.k8s.io/pause:3.10";

    private static final String PURPOSE_LABEL = "zklab.dev/purpose";

    /** What the proof saw. */
    public record Bound(String volume, boolean withPod, long millis) {}

    private BindingProof() {}

    /**
     * Runs the proof for {@code runId}; a claim or pod of the proof's name that is not the run's (someone's, or another
     * run's that {@code takeOver} does not allow) refuses it before anything is made.
     */
    public static Bound run(
            KubernetesClient client,
            String storageClass,
            boolean waitsForConsumer,
            String namespace,
            String runId,
            boolean takeOver,
            StepContext context) {
        // As deploy makes it: created with the run's mark only when missing, which teardown then removes whole.
        RunNamespace.ensure(client, namespace, runId);
        List<HasMetadata> leftovers = leftovers(client, namespace);
        List<String> problems =
                EnsembleOwnership.problems(new EnsembleOwnership.Found(null, leftovers), runId, takeOver);
        if (!problems.isEmpty()) {
            throw new StorageException(
                    "the storage proof cannot run in namespace " + namespace + ": " + String.join("; ", problems));
        }
        remove(client, namespace, context);
        Map<String, String> labels = new LinkedHashMap<>(Marks.ofRun(runId));
        labels.put(PURPOSE_LABEL, "storage-proof");
        try {
            client.persistentVolumeClaims()
                    .inNamespace(namespace)
                    .resource(claim(storageClass, labels))
                    .create();
            Instant created = Instant.now();
            if (waitsForConsumer) {
                context.progress("StorageClass " + storageClass
                        + " binds for a first consumer: starting a pod that uses " + CLAIM);
                client.pods().inNamespace(namespace).resource(consumer(labels)).create();
            }
            PersistentVolumeClaim bound = awaitBound(client, namespace, storageClass, context);
            long millis = Duration.between(created, Instant.now()).toMillis();
            context.progress(
                    "claim " + CLAIM + " bound to " + bound.getSpec().getVolumeName() + " in " + millis + " ms");
            return new Bound(bound.getSpec().getVolumeName(), waitsForConsumer, millis);
        } finally {
            remove(client, namespace, context);
        }
    }

    /** The proof's claim: 1Gi of the StorageClass, with the run's mark. */
    private static PersistentVolumeClaim claim(String storageClass, Map<String, String> labels) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(CLAIM)
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withStorageClassName(storageClass)
                .withNewResources()
                .withRequests(Map.of("storage", new Quantity("1Gi")))
                .endResources()
                .endSpec()
                .build();
    }

    /** The claim once Bound; while it is not, its phase and where to look say why. */
    private static PersistentVolumeClaim awaitBound(
            KubernetesClient client, String namespace, String storageClass, StepContext context) {
        return context.deadline()
                .until(
                        "claim " + CLAIM + " of StorageClass " + storageClass + " to be Bound",
                        Duration.ofMillis(200),
                        () -> {
                            PersistentVolumeClaim now = client.persistentVolumeClaims()
                                    .inNamespace(namespace)
                                    .withName(CLAIM)
                                    .get();
                            if (now != null && "Bound".equals(now.getStatus().getPhase())) {
                                return Poll.done(now);
                            }
                            return Poll.pending(
                                    now == null
                                            ? "the claim is gone"
                                            : "the claim is " + now.getStatus().getPhase()
                                                    + "; see 'kubectl describe pvc " + CLAIM + " -n " + namespace
                                                    + "' for its provisioner's events");
                        });
    }

    /** The proof's claim and pod as they are in the namespace (an earlier attempt's), if any. */
    public static List<HasMetadata> leftovers(KubernetesClient client, String namespace) {
        return Stream.<HasMetadata>of(
                        client.persistentVolumeClaims()
                                .inNamespace(namespace)
                                .withName(CLAIM)
                                .get(),
                        client.pods().inNamespace(namespace).withName(CLAIM).get())
                .filter(Objects::nonNull)
                .toList();
    }

    /**
     * Removes the proof's pod and claim (an earlier attempt's too) and waits until they are gone; callers have
     * checked that they carry the run's mark.
     */
    public static void remove(KubernetesClient client, String namespace, StepContext context) {
        client.pods().inNamespace(namespace).withName(CLAIM).withGracePeriod(0).delete();
        client.persistentVolumeClaims().inNamespace(namespace).withName(CLAIM).delete();
        context.deadline()
                .until(
                        "the storage proof's pod and claim to be gone",
                        Duration.ofMillis(200),
                        () -> client.pods()
                                                        .inNamespace(namespace)
                                                        .withName(CLAIM)
                                                        .get()
                                                == null
                                        && client.persistentVolumeClaims()
                                                        .inNamespace(namespace)
                                                        .withName(CLAIM)
                                                        .get()
                                                == null
                                ? Poll.done(true)
                                : Poll.pending("still there"));
    }

    private static Pod consumer(Map<String, String> labels) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(CLAIM)
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("hold")
                .withImage(PAUSE_IMAGE)
                .addNewVolumeMount()
                .withName("data")
                .withMountPath("/data")
                .endVolumeMount()
                .endContainer()
                .addNewVolume()
                .withName("data")
                .withNewPersistentVolumeClaim()
                .withClaimName(CLAIM)
                .endPersistentVolumeClaim()
                .endVolume()
                .withTerminationGracePeriodSeconds(0L)
                .endSpec()
                .build();
    }
}
