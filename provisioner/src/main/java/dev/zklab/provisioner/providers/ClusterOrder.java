package dev.zklab.provisioner.providers;

import dev.zklab.contracts.cluster.ClusterRef;

/**
 * The cluster a run asks for.
 *
 * @param ref         which cluster
 * @param runId       the run, whose id marks a cluster it creates
 * @param nodes       worker nodes of a cluster the run creates
 * @param machineType machine type of the nodes, where the provider has them (GKE)
 */
public record ClusterOrder(ClusterRef ref, String runId, int nodes, String machineType) {}
