package dev.zklab.localkube;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodAntiAffinityBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Pure builders of the objects the proof tests apply: a zk-like StatefulSet, its PDB, a namespace. */
final class TestObjects {

    /**
     * Pods labelled app=zk are run by localkube-runtime (real ZooKeeper servers, configured by the
     * deployer's ConfigMap); these proof tests are about the control plane, so their pods stay KWOK's.
     */
    static final Map<String, String> LABELS = Map.of("app", "zk-sim");
    /** The lab's image; KWOK runs no containers, so nothing is pulled. */
    static final String IMAGE = "registry.k8s.io/kubernetes-zookeeper:1.0-3.4.10";

    private TestObjects() {}

    static Namespace namespace(String prefix) {
        String name =
                prefix + "-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        return new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .build();
    }

    /** StatefulSet {@code zk}: OrderedReady, required anti-affinity on hostname, optionally a datadir per pod. */
    static StatefulSet zk(String namespace, int replicas, boolean withVolumes) {
        StatefulSetBuilder builder = new StatefulSetBuilder()
                .withNewMetadata()
                .withName("zk")
                .withNamespace(namespace)
                .withLabels(LABELS)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withServiceName("zk-hs")
                .withPodManagementPolicy("OrderedReady")
                .withNewSelector()
                .withMatchLabels(LABELS)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(LABELS)
                .endMetadata()
                .withNewSpec()
                .withTerminationGracePeriodSeconds(0L)
                .withNewAffinity()
                .withPodAntiAffinity(new PodAntiAffinityBuilder()
                        .addNewRequiredDuringSchedulingIgnoredDuringExecution()
                        .withLabelSelector(new LabelSelectorBuilder()
                                .withMatchLabels(LABELS)
                                .build())
                        .withTopologyKey("kubernetes.io/hostname")
                        .endRequiredDuringSchedulingIgnoredDuringExecution()
                        .build())
                .endAffinity()
                .addNewContainer()
                .withName("kubernetes-zookeeper")
                .withImage(IMAGE)
                .withNewResources()
                .withRequests(Map.of("memory", new Quantity("1Gi"), "cpu", new Quantity("0.5")))
                .endResources()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec();
        if (withVolumes) {
            builder.editSpec()
                    .editTemplate()
                    .editSpec()
                    .editFirstContainer()
                    .addNewVolumeMount()
                    .withName("datadir")
                    .withMountPath("/var/lib/zookeeper")
                    .endVolumeMount()
                    .endContainer()
                    .endSpec()
                    .endTemplate()
                    .withVolumeClaimTemplates(new PersistentVolumeClaimBuilder()
                            .withNewMetadata()
                            .withName("datadir")
                            .endMetadata()
                            .withNewSpec()
                            .withAccessModes(List.of("ReadWriteOnce"))
                            .withStorageClassName("fast")
                            .withNewResources()
                            .withRequests(Map.of("storage", new Quantity("10Gi")))
                            .endResources()
                            .endSpec()
                            .build())
                    .endSpec();
        }
        return builder.build();
    }

    /** The lab's PDB, on the current API: {@code policy/v1}, {@code maxUnavailable: 1}. */
    static PodDisruptionBudget pdb(String namespace) {
        return new PodDisruptionBudgetBuilder()
                .withNewMetadata()
                .withName("zk-pdb")
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .withMatchLabels(LABELS)
                .endSelector()
                .withMaxUnavailable(new IntOrString(1))
                .endSpec()
                .build();
    }
}
