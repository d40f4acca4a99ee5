package dev.zklab.verifier.kubernetes;

import dev.zklab.support.kubernetes.EnsembleNames;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The ensemble's Kubernetes objects as read at one moment: the StatefulSet, its pods by ordinal, the
 * members' claims by name, the headless Service's EndpointSlices, and the PDB.
 */
public record EnsembleSnapshot(
        String namespace,
        StatefulSet statefulSet,
        Map<Integer, Pod> pods,
        Map<String, PersistentVolumeClaim> claims,
        List<EndpointSlice> endpointSlices,
        Optional<PodDisruptionBudget> pdb) {

    public EnsembleSnapshot {
        // Sorted (pods by ordinal, claims by name) so that observed values and messages read in order.
        pods = Collections.unmodifiableMap(new TreeMap<>(pods));
        claims = Collections.unmodifiableMap(new TreeMap<>(claims));
        endpointSlices = List.copyOf(endpointSlices);
    }

    /** The members the StatefulSet asks for. */
    public int replicas() {
        Integer replicas = statefulSet.getSpec().getReplicas();
        return replicas == null ? 1 : replicas;
    }

    public Optional<Pod> pod(int ordinal) {
        return Optional.ofNullable(pods.get(ordinal));
    }

    public Optional<PersistentVolumeClaim> claim(int ordinal) {
        return Optional.ofNullable(claims.get(EnsembleNames.claimName(ordinal)));
    }
}
