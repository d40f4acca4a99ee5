package dev.zklab.localkube;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;

/** Objects someone else made in a cluster, for the tests that prove zklab never changes or removes them. */
public final class SomeoneElses {

    /** How Helm manages what it applies: the field manager the tests apply someone's objects with. */
    public static final String MANAGER = "helm";

    private SomeoneElses() {}

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
