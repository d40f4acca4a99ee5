package dev.zklab.contracts.run;

import dev.zklab.contracts.cluster.ClusterRef;

/**
 * The cluster a run works on.
 *
 * @param provider {@code local} (a localkube cluster; the default), {@code existing}, {@code kind} or {@code gke}
 * @param name     cluster name; for {@code local} a DNS label, created by the run unless it exists
 * @param location GKE zone (the lab: {@code europe-west1-c}); only for {@code gke}
 * @param context  kubeconfig context; only for {@code existing}
 * @param nodes    worker nodes of a cluster the run creates (the lab's 4, or more when the run's ensemble grows beyond)
 */
public record ClusterSpec(String provider, String name, String location, String context, Integer nodes) {

    public static final int DEFAULT_NODES = 4;

    public ClusterRef ref() {
        return new ClusterRef(provider, name, location == null ? "" : location, context == null ? "" : context);
    }

    /**
     * The spec with its defaults: a local cluster named after the run, with the lab's 4 nodes — or as
     * many as the run's largest ensemble has members, since each member needs a node of its own.
     */
    ClusterSpec withDefaults(String runId, int largestEnsemble) {
        return new ClusterSpec(
                provider == null ? ClusterRef.LOCAL : provider,
                name == null ? "zklab-" + runId.substring(0, Math.min(8, runId.length())) : name,
                location == null ? "" : location,
                context == null ? "" : context,
                nodes == null ? Math.max(DEFAULT_NODES, largestEnsemble) : nodes);
    }
}
