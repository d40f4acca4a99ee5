package dev.zklab.contracts.run;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ZooKeeper ensemble a run deploys.
 *
 * @param replicas     members (the lab: 3)
 * @param imageProfile {@code current} (a current ZooKeeper, the default) or {@code tutorial} (the lab's image)
 * @param zookeeper    ZooKeeper settings overriding the lab's (e.g. {@code tickTime}, {@code maxClientCnxns})
 * @param storageClass StorageClass of the data volumes (the lab: {@code fast})
 * @param storageSize  size of each member's data volume (the lab: {@code 10Gi})
 * @param namespace    namespace of the ensemble; a run gets its own when empty
 * @param podDisruptionBudget whether the ensemble gets its PodDisruptionBudget (default true); false deploys
 *                     it without one, to see in the drill the quorum loss the budget prevents
 * @param takeOver     whether the run may take over the ensemble an ended run of zklab left in {@code namespace}
 *                     (kept with {@code keepCluster}); without it a run refuses any ensemble it did not make. Never
 *                     an ensemble zklab did not make, nor one whose run is still in flight
 */
public record EnsembleSpec(
        Integer replicas,
        String imageProfile,
        Map<String, String> zookeeper,
        String storageClass,
        String storageSize,
        String namespace,
        Boolean podDisruptionBudget,
        Boolean takeOver) {

    public static final String PROFILE_CURRENT = "current";
    public static final String PROFILE_TUTORIAL = "tutorial";
    /** The most members an ensemble may have (ZooKeeper ensembles beyond 9 voters only get slower). */
    public static final int MAX_MEMBERS = 9;

    /** An ensemble with its PodDisruptionBudget (unless the defaults say otherwise). */
    public EnsembleSpec(
            Integer replicas,
            String imageProfile,
            Map<String, String> zookeeper,
            String storageClass,
            String storageSize,
            String namespace) {
        this(replicas, imageProfile, zookeeper, storageClass, storageSize, namespace, null, null);
    }

    /** An ensemble that takes nothing over. */
    public EnsembleSpec(
            Integer replicas,
            String imageProfile,
            Map<String, String> zookeeper,
            String storageClass,
            String storageSize,
            String namespace,
            Boolean podDisruptionBudget) {
        this(replicas, imageProfile, zookeeper, storageClass, storageSize, namespace, podDisruptionBudget, null);
    }

    /** Whether the run may take over an ended run's ensemble in its namespace (false unless the spec says true). */
    public boolean takesOver() {
        return takeOver != null && takeOver;
    }

    /** Whether the ensemble has its PodDisruptionBudget (true unless the spec says false). */
    public boolean withBudget() {
        return podDisruptionBudget == null || podDisruptionBudget;
    }

    /** The spec with every omitted value set to the lab's default; a run gets namespace {@code zk-<first 8 of its id>}. */
    public EnsembleSpec withDefaults(String runId) {
        return new EnsembleSpec(
                replicas == null ? 3 : replicas,
                imageProfile == null ? PROFILE_CURRENT : imageProfile,
                // Sorted, and null values kept so that validation can name them (Map.copyOf would throw).
                zookeeper == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(zookeeper)),
                storageClass == null ? "fast" : storageClass,
                storageSize == null ? "10Gi" : storageSize,
                namespace == null || namespace.isBlank()
                        ? "zk-" + runId.substring(0, Math.min(8, runId.length()))
                        : namespace,
                withBudget(),
                takesOver());
    }
}
