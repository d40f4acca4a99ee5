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
 * Proves that a StorageClass really provisions: a throwaway claim in a namespace of its own, with a
 * pod that uses it when the class binds only for a first consumer, awaited until Bound, then removed
 * with its namespace (so its volume is released and deleted).
 */
public final class BindingProof {

    public static final String CLAIM = "zklab-storage-proof";
    /** The pod's image: the smallest one every cluster can pull; it only holds the claim. */
    static final String PAUSE_IMAGE = "registry.k8s.io/pause:3.10";

    /** What the proof saw. */
    public record Bound(String volume, boolean withPod, long millis) {
    }

    private BindingProof() {
    }

    /** The proof's namespace for the run: created and removed by the proof, and by teardown if a crash left it. */
    public static String namespace(String runId) {
        return "zklab-storage-" + runId.substring(0, Math.min(8, runId.length()));
    }

    public static Bound run(KubernetesClient client, String storageClass, boolean waitsForConsumer, String runId,
            StepContext context) {
        String namespace = namespace(runId);
        Map<String, String> labels = Map.of("app.kubernetes.io/managed-by", "zklab", "zklab.dev/purpose", "storage-proof");
        // An earlier attempt's namespace may still be terminating: nothing can be created in it until it is gone.
        context.deadline().until("namespace " + namespace + " of an earlier proof to be gone", Duration.ofMillis(250), () -> {
            var old = client.namespaces().withName(namespace).get();
            return old == null || old.getMetadata().getDeletionTimestamp() == null ? Poll.done(true) : Poll.pending("terminating");
        });
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).withLabels(labels)
                .endMetadata().build()).serverSideApply();
        try {
            client.persistentVolumeClaims().inNamespace(namespace).withName(CLAIM).delete();
            context.deadline().until("an earlier proof's claim to be gone", Duration.ofMillis(200), () ->
                    client.persistentVolumeClaims().inNamespace(namespace).withName(CLAIM).get() == null
                            ? Poll.done(true) : Poll.pending("still there"));
            PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace(namespace).resource(
                    new PersistentVolumeClaimBuilder().withNewMetadata().withName(CLAIM).withLabels(labels).endMetadata()
                            .withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName(storageClass)
                            .withNewResources().withRequests(Map.of("storage", new Quantity("1Gi"))).endResources().endSpec()
                            .build()).create();
            Instant created = Instant.now();
            if (waitsForConsumer) {
                context.progress("StorageClass " + storageClass + " binds for a first consumer: starting a pod that uses " + CLAIM);
                client.pods().inNamespace(namespace).resource(consumer(labels)).create();
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
            client.namespaces().withName(namespace).delete();
        }
    }

    private static Pod consumer(Map<String, String> labels) {
        return new PodBuilder().withNewMetadata().withName(CLAIM).withLabels(labels).endMetadata()
                .withNewSpec()
                .addNewContainer().withName("hold").withImage(PAUSE_IMAGE)
                .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount().endContainer()
                .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName(CLAIM).endPersistentVolumeClaim()
                .endVolume()
                .withTerminationGracePeriodSeconds(0L)
                .endSpec().build();
    }
}
