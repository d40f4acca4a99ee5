package dev.zklab.contracts.ensemble;

import dev.zklab.contracts.run.EnsembleSpec;
import java.util.Arrays;
import java.util.Optional;

/** Which ZooKeeper the ensemble runs, and how it is configured. */
public enum ImageProfile {

    /**
     * A current ZooKeeper (the official image), configured from the ConfigMap: server id from the pod
     * ordinal, membership owned by ZooKeeper's dynamic reconfiguration once the member has started.
     */
    CURRENT(EnsembleSpec.PROFILE_CURRENT, "docker.io/library/zookeeper:3.9.5", "zookeeper", true),

    /**
     * The lab's image and its {@code start-zookeeper} flags, for fidelity with the lab. ZooKeeper 3.4:
     * no dynamic reconfiguration, so the ensemble cannot be scaled. {@code k8s.gcr.io} is frozen; the
     * same image is served by {@code registry.k8s.io}.
     */
    TUTORIAL(
            EnsembleSpec.PROFILE_TUTORIAL,
            "registry.k8s.io/kubernetes-zookeeper:1.0-3.4.10",
            "kubernetes-zookeeper",
            false);

    private final String id;
    private final String image;
    private final String container;
    private final boolean reconfigurable;

    ImageProfile(String id, String image, String container, boolean reconfigurable) {
        this.id = id;
        this.image = image;
        this.container = container;
        this.reconfigurable = reconfigurable;
    }

    public static Optional<ImageProfile> byId(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }

    public String id() {
        return id;
    }

    public String image() {
        return image;
    }

    public String container() {
        return container;
    }

    /** Whether members can be added and removed by dynamic reconfiguration. */
    public boolean reconfigurable() {
        return reconfigurable;
    }
}
