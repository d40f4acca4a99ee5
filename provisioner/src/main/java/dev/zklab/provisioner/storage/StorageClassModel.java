package dev.zklab.provisioner.storage;

import dev.zklab.contracts.cluster.ClusterRef;
import dev.zklab.support.kubernetes.Marks;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import java.util.Map;
import java.util.Optional;

/**
 * The StorageClass the ensemble's volumes come from, as each provider needs it (pure). The lab's
 * {@code kubernetes.io/gce-pd} in-tree provisioner is gone from Kubernetes: on GKE it is the Compute
 * Engine persistent disk CSI driver, with SSDs, binding when the first pod is scheduled so that the
 * disk is made in that pod's zone.
 */
public final class StorageClassModel {

    public static final String GKE_PROVISIONER = "pd.csi.storage.gke.io";
    /** localkube's provisioner: volumes without node affinity, like network disks. */
    public static final String LOCAL_PROVISIONER = "localkube.zklab.dev/hostpath";
    /** The annotation that makes a class the cluster's default (kind's {@code standard}, say). */
    static final String DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class";

    private StorageClassModel() {}

    /**
     * The class zklab ensures for the provider; empty for {@code existing} (a class the operator made
     * is used as it is, never changed).
     *
     * @param kindDefault the cluster's default class, of which a kind cluster's {@code fast} takes the
     *                    provisioner (kind's own: rancher.io/local-path)
     */
    public static Optional<StorageClass> desired(String provider, String name, Optional<StorageClass> kindDefault) {
        return switch (provider) {
            case ClusterRef.GKE ->
                Optional.of(
                        storageClass(name, GKE_PROVISIONER, Map.of("type", "pd-ssd"), "WaitForFirstConsumer", true));
            case ClusterRef.LOCAL -> Optional.of(storageClass(name, LOCAL_PROVISIONER, Map.of(), "Immediate", false));
            case ClusterRef.KIND ->
                Optional.of(storageClass(
                        name,
                        kindDefault
                                .map(StorageClass::getProvisioner)
                                .orElseThrow(
                                        () -> new StorageException(
                                                "the kind cluster has no default StorageClass to take its "
                                                        + "provisioner from (kind installs 'standard' with rancher.io/local-path); recreate the cluster")),
                        Map.of(),
                        "WaitForFirstConsumer",
                        false));
            default -> Optional.empty();
        };
    }

    /** The class marked as the cluster's default, if any. */
    public static boolean isDefault(StorageClass storageClass) {
        return "true"
                .equals(
                        storageClass.getMetadata().getAnnotations() == null
                                ? null
                                : storageClass.getMetadata().getAnnotations().get(DEFAULT_CLASS));
    }

    private static StorageClass storageClass(
            String name, String provisioner, Map<String, String> parameters, String bindingMode, boolean expandable) {
        return new StorageClassBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(Marks.zklab())
                .endMetadata()
                .withProvisioner(provisioner)
                .withParameters(parameters.isEmpty() ? null : parameters)
                .withReclaimPolicy("Delete")
                .withVolumeBindingMode(bindingMode)
                .withAllowVolumeExpansion(expandable)
                .build();
    }

    /** What differs between a class that exists and the one zklab needs, in fields a StorageClass cannot change; empty when none. */
    public static Optional<String> conflict(StorageClass existing, StorageClass desired) {
        if (!desired.getProvisioner().equals(existing.getProvisioner())) {
            return Optional.of("its provisioner is " + existing.getProvisioner() + ", not " + desired.getProvisioner());
        }
        Map<String, String> have = existing.getParameters() == null ? Map.of() : existing.getParameters();
        Map<String, String> want = desired.getParameters() == null ? Map.of() : desired.getParameters();
        if (!have.equals(want)) {
            return Optional.of("its parameters are " + have + ", not " + want);
        }
        String mode = existing.getVolumeBindingMode() == null ? "Immediate" : existing.getVolumeBindingMode();
        if (!mode.equals(desired.getVolumeBindingMode())) {
            return Optional.of("its volumeBindingMode is " + mode + ", not " + desired.getVolumeBindingMode());
        }
        return Optional.empty();
    }
}
