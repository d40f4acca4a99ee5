package dev.zklab.common.run;

import dev.zklab.common.cluster.ClusterRef;

/**
 * The cluster a run works on.
 *
 * @param provider {@code local} (a localkube cluster; the default), {@code existing}, {@code kind} or {@code gke}
 * @param name     cluster name; for {@code local} a DNS label, created by the run unless it exists
 * @param location GKE zone (the lab: {@code europe-west1-c}); only for {@code gke}
 * @param context  kubeconfig context; only for {@code existing}
 * @param nodes    worker nodes of a cluster the run creates (the lab: 4)
 */
public record ClusterSpec(String provider, String name, String location, String context, Integer nodes) {

    public static final int DEFAULT_NODES = 4;

    public ClusterRef ref() {
        return new ClusterRef(provider, name, location == null ? "" : location, context == null ? "" : context);
    }

    /** Whether a run on this cluster creates it, and so tears it down unless told to keep it. */
    public boolean createdByRun() {
        return !ClusterRef.EXISTING.equals(provider);
    }

    ClusterSpec withDefaults(String runId) {
        return new ClusterSpec(provider == null ? ClusterRef.LOCAL : provider,
                name == null ? "zklab-" + runId.substring(0, Math.min(8, runId.length())) : name,
                location == null ? "" : location, context == null ? "" : context,
                nodes == null ? DEFAULT_NODES : nodes);
    }
}
