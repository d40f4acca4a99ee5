package dev.zklab.contracts.evidence;

import java.util.List;

/**
 * What {@code provision-cluster} records: which cluster the run works on, how the run came by it,
 * and what was checked before anything is deployed on it. Never a credential.
 *
 * @param provider         {@code local}, {@code existing}, {@code kind} or {@code gke}
 * @param name             the cluster's name
 * @param location         GKE zone; empty elsewhere
 * @param origin           how the run came by it
 * @param server           the API server's address
 * @param serverVersion    the Kubernetes version the API server reports (e.g. {@code v1.33.1})
 * @param nodes            nodes the cluster has
 * @param schedulableNodes nodes a pod can be scheduled on (Ready, not cordoned, no NoSchedule taint)
 * @param createSeconds    how long creating (or waiting for an adopted cluster) took; 0 when it existed
 * @param checks           what was checked: reachability, version, nodes against the ensemble, permissions
 */
public record ClusterEvidence(
        String provider,
        String name,
        String location,
        Origin origin,
        String server,
        String serverVersion,
        int nodes,
        int schedulableNodes,
        double createSeconds,
        List<Check> checks) {

    /** How the run came by its cluster; only a cluster it {@code CREATED} or {@code ADOPTED} is deleted by its teardown. */
    public enum Origin {
        /** This run's provision-cluster created it. */
        CREATED,
        /** An earlier attempt of this run began it (marked with the run's id); this one took it over. */
        ADOPTED,
        /** It existed before the run, not made by it: used, and left standing. */
        FOUND,
        /** An existing cluster configured by zklab's operator. */
        CONFIGURED
    }
}
