package dev.zklab.localkube;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Objects someone else made in a cluster, for the tests that prove zklab never changes or removes them. */
public final class SomeoneElses {

    /** How Helm manages what it applies: the field manager the tests apply someone's objects with. */
    public static final String MANAGER = "helm";

    private SomeoneElses() {}

    /** Creates namespace {@code name} as someone would, without zklab's mark: zklab uses it, and never deletes it. */
    public static void namespace(KubernetesClient client, String name) {
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .build())
                .create();
    }

    /** A StatefulSet {@code zk} — the tutorial's own name — of someone's, with no pods: what zklab must never apply over. */
    public static StatefulSet zookeeper(String namespace) {
        return new StatefulSetBuilder()
                .withNewMetadata()
                .withName("zk")
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withReplicas(0)
                .withServiceName("zk-hs")
                .withNewSelector()
                .addToMatchLabels("app", "zk")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "zk")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("zookeeper")
                .withImage("their/zookeeper:1")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }
}
