package dev.zklab.provisioner.storage;

import dev.zklab.common.wait.Poll;
import dev.zklab.steps.StepContext;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

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
    private static final Map<String, String> LABELS = Map.of("app.kubernetes.io/managed-by", "zklab",
            "zklab.dev/purpose", "storage-proof");

    /** What the proof saw. */
    public record Bound(String volume, boolean withPod, long millis) {
    }

    private BindingProof() {
    }

    public static Bound run(KubernetesClient client, String storageClass, boolean waitsForConsumer, String namespace,
            StepContext context) {
        if (client.namespaces().withName(namespace).get() == null) {
            // As deploy makes it: a namespace of zklab's, which teardown removes whole.
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                    .withLabels(Map.of("app.kubernetes.io/managed-by", "zklab")).endMetadata().build()).serverSideApply();
        }
        remove(client, namespace, context);
        try {
            client.persistentVolumeClaims().inNamespace(namespace).resource(new PersistentVolumeClaimBuilder()
                    .withNewMetadata().withName(CLAIM).withLabels(LABELS).endMetadata()
                    .withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName(storageClass)
                    .withNewResources().withRequests(Map.of("storage", new Quantity("1Gi"))).endResources().endSpec()
                    .build()).create();
            Instant created = Instant.now();
            if (waitsForConsumer) {
                context.progress("StorageClass " + storageClass + " binds for a first consumer: starting a pod that uses " + CLAIM);
                client.pods().inNamespace(namespace).resource(consumer()).create();
            }
            PersistentVolumeClaim bound = context.deadline().until("claim " + CLAIM + " of StorageClass " + storageClass
                    + " to be Bound", Duration.ofMillis(200), () -> {
                        PersistentVolumeClaim now = client.persistentVolumeClaims().inNamespace(namespace).withName(CLAIM).get();
                        return now != null && "Bound".equals(now.getStatus().getPhase()) ? Poll.done(now)
                                : Poll.pending(now == null ? "the claim is gone" : "the claim is " + now.getStatus().getPhase()
                                        + "; see 'kubectl describe pvc " + CLAIM + " -n " + namespace + "' for its provisioner's events");
                    });
            long millis = Duration.between(created, Instant.now()).toMillis();
            context.progress("claim " + CLAIM + " bound to " + bound.getSpec().getVolumeName() + " in " + millis + " ms");
            return new Bound(bound.getSpec().getVolumeName(), waitsForConsumer, millis);
        } finally {
            remove(client, namespace, context);
        }
    }

    /** Removes the proof's pod and claim (an earlier attempt's too) and waits until they are gone. */
    public static void remove(KubernetesClient client, String namespace, StepContext context) {
        client.pods().inNamespace(namespace).withName(CLAIM).withGracePeriod(0).delete();
        client.persistentVolumeClaims().inNamespace(namespace).withName(CLAIM).delete();
        context.deadline().until("the storage proof's pod and claim to be gone", Duration.ofMillis(200), () ->
                client.pods().inNamespace(namespace).withName(CLAIM).get() == null
                        && client.persistentVolumeClaims().inNamespace(namespace).withName(CLAIM).get() == null
                        ? Poll.done(true) : Poll.pending("still there"));
    }

    private static Pod consumer() {
        return new PodBuilder().withNewMetadata().withName(CLAIM).withLabels(LABELS).endMetadata()
                .withNewSpec()
                .addNewContainer().withName("hold").withImage(PAUSE_IMAGE)
                .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount().endContainer()
                .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName(CLAIM).endPersistentVolumeClaim()
                .endVolume()
                .withTerminationGracePeriodSeconds(0L)
                .endSpec().build();
    }
}
