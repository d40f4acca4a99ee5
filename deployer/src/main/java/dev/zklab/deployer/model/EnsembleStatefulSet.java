package dev.zklab.deployer.model;

import static dev.zklab.support.kubernetes.EnsembleNames.*;

import dev.zklab.contracts.ensemble.ImageProfile;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodAntiAffinity;
import io.fabric8.kubernetes.api.model.PodAntiAffinityBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ensemble's StatefulSet, the lab's corrected: members started in order, one per node, running as a non-root
 * user, their claims kept when the StatefulSet is deleted but not when a scale-down removes a member, the pod template
 * annotated with what a configuration roll compares. Pure.
 */
final class EnsembleStatefulSet {

    private EnsembleStatefulSet() {}

    static StatefulSet of(EnsembleModel model) {
        StatefulSetBuilder builder = new StatefulSetBuilder()
                .withNewMetadata()
                .withName(STATEFULSET)
                .withNamespace(model.namespace())
                .withLabels(model.objectLabels())
                .endMetadata()
                .withNewSpec()
                .withReplicas(model.replicas())
                .withServiceName(HEADLESS_SERVICE)
                .withPodManagementPolicy("OrderedReady")
                .withNewUpdateStrategy()
                .withType("RollingUpdate")
                .endUpdateStrategy()
                // PVCs outlive the StatefulSet (the lab's durability), but not a member removed by a
                // scale-down: its data and membership are stale, and reused they break a later scale-up.
                .withNewPersistentVolumeClaimRetentionPolicy()
                .withWhenDeleted("Retain")
                .withWhenScaled("Delete")
                .endPersistentVolumeClaimRetentionPolicy()
                .withNewSelector()
                .withMatchLabels(SELECTOR)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(LABELS)
                .withAnnotations(whatARollCompares(model))
                .endMetadata()
                .withNewSpec()
                .withNewAffinity()
                .withPodAntiAffinity(onePerNode())
                .endAffinity()
                .withContainers(ZooKeeperContainer.of(model))
                .withNewSecurityContext()
                .withRunAsUser(1000L)
                .withFsGroup(1000L)
                .withRunAsNonRoot(true)
                .endSecurityContext()
                .endSpec()
                .endTemplate()
                .withVolumeClaimTemplates(dataClaim(model))
                .endSpec();
        if (model.profile() == ImageProfile.CURRENT) {
            builder.editSpec()
                    .editTemplate()
                    .editSpec()
                    .addNewVolume()
                    .withName(CONFIG_VOLUME)
                    .withNewConfigMap()
                    .withName(CONFIG_MAP)
                    .endConfigMap()
                    .endVolume()
                    .endSpec()
                    .endTemplate()
                    .endSpec();
        }
        return builder.build();
    }

    /** What a configuration roll compares on the pod template: the configuration's hash, the profile, the settings. */
    private static Map<String, String> whatARollCompares(EnsembleModel model) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(CONFIG_HASH_ANNOTATION, model.configHash());
        annotations.put(PROFILE_ANNOTATION, model.profile().id());
        annotations.put(SETTINGS_ANNOTATION, model.settings().overridesJson());
        return annotations;
    }

    /** No two members on one node: a node's loss (or drain) takes one member at most. */
    private static PodAntiAffinity onePerNode() {
        return new PodAntiAffinityBuilder()
                .addNewRequiredDuringSchedulingIgnoredDuringExecution()
                .withNewLabelSelector()
                .addNewMatchExpression()
                .withKey(APP_LABEL)
                .withOperator("In")
                .withValues(APP)
                .endMatchExpression()
                .endLabelSelector()
                .withTopologyKey("kubernetes.io/hostname")
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .build();
    }

    /** Each member's data volume, claimed from the ensemble's StorageClass. */
    private static PersistentVolumeClaim dataClaim(EnsembleModel model) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(DATA_VOLUME)
                .withLabels(LABELS)
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withStorageClassName(model.storageClass())
                .withNewResources()
                .withRequests(Map.of("storage", model.storageSize()))
                .endResources()
                .endSpec()
                .build();
    }
}
