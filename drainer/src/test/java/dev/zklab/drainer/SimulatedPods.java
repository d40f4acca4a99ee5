package dev.zklab.drainer;

import dev.zklab.support.kubernetes.Marks;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.Map;

/**
 * Objects whose pods KWOK simulates (localkube runs real ZooKeeper only for pods labelled app=zk): for
 * the drainer's tests of what happens around a drain — refusals, cancellations, recovery — where no
 * ZooKeeper is needed.
 */
final class SimulatedPods {

    private SimulatedPods() {}

    /** StatefulSet zk whose pods are KWOK's, with the lab's required anti-affinity. */
    static StatefulSet ensemble(String namespace, int replicas) {
        Map<String, String> labels = Map.of("app", "zk-sim");
        // zklab's mark, naming no run: the test's commands take it over (ensemble.takeOver), as a run does an ended
        // run's.
        return new StatefulSetBuilder()
                .withNewMetadata()
                .withName("zk")
                .withNamespace(namespace)
                .withLabels(Marks.zklab())
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withServiceName("zk-hs")
                .withPodManagementPolicy("Parallel")
                .withNewSelector()
                .withMatchLabels(labels)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .addToLabels(Marks.zklab())
                .endMetadata()
                .withSpec(new PodSpecBuilder(spec(null))
                        .withNewAffinity()
                        .withNewPodAntiAffinity()
                        .addNewRequiredDuringSchedulingIgnoredDuringExecution()
                        .withTopologyKey("kubernetes.io/hostname")
                        .withLabelSelector(new LabelSelectorBuilder()
                                .withMatchLabels(labels)
                                .build())
                        .endRequiredDuringSchedulingIgnoredDuringExecution()
                        .endPodAntiAffinity()
                        .endAffinity()
                        .build())
                .endTemplate()
                .endSpec()
                .build();
    }

    /** A Deployment of one pod on {@code node}, labelled app={@code name}. */
    static Deployment deployment(String namespace, String name, String node) {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", name)
                .endMetadata()
                .withSpec(spec(node))
                .endTemplate()
                .endSpec()
                .build();
    }

    /** A pod without a controller, bound to {@code node}. */
    static Pod bare(String namespace, String name, String node) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withSpec(spec(node))
                .build();
    }

    /** A budget that allows no disruption of the pods labelled app={@code app}. */
    static PodDisruptionBudget noDisruption(String namespace, String app) {
        return new PodDisruptionBudgetBuilder()
                .withNewMetadata()
                .withName(app + "-pdb")
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withMinAvailable(new IntOrString(1))
                .withNewSelector()
                .addToMatchLabels("app", app)
                .endSelector()
                .endSpec()
                .build();
    }

    private static PodSpec spec(String node) {
        PodSpecBuilder spec = new PodSpecBuilder()
                .withTerminationGracePeriodSeconds(0L)
                .addNewContainer()
                .withName("main")
                .withImage("registry.k8s.io/pause:3.10")
                .endContainer();
        if (node != null) {
            spec.withNodeSelector(Map.of("kubernetes.io/hostname", node));
        }
        return spec.build();
    }
}
