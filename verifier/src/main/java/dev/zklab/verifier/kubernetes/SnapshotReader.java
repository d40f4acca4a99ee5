package dev.zklab.verifier.kubernetes;

import dev.zklab.support.kubernetes.EnsembleNames;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads an ensemble's objects from the API server into a snapshot; nothing else. */
public final class SnapshotReader {

    /** The label the EndpointSlice controller puts on the slices of a Service. */
    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private final KubernetesClient client;

    public SnapshotReader(KubernetesClient client) {
        this.client = client;
    }

    /** The snapshot, or a failure that says what to do when the namespace holds no ensemble. */
    public EnsembleSnapshot read(String namespace) {
        StatefulSet statefulSet = client.apps()
                .statefulSets()
                .inNamespace(namespace)
                .withName(EnsembleNames.STATEFULSET)
                .get();
        if (statefulSet == null) {
            throw new IllegalStateException("no StatefulSet " + EnsembleNames.STATEFULSET + " in namespace " + namespace
                    + " of this cluster: there is no ensemble to verify; run the deploy step first (or name the"
                    + " ensemble's namespace in the run's ensemble.namespace)");
        }
        Map<Integer, Pod> pods = new TreeMap<>();
        for (Pod pod : client.pods()
                .inNamespace(namespace)
                .withLabels(EnsembleNames.SELECTOR)
                .list()
                .getItems()) {
            String name = pod.getMetadata().getName();
            if (name.matches(EnsembleNames.STATEFULSET + "-[0-9]+")) {
                pods.put(EnsembleNames.ordinal(name), pod);
            }
        }
        Map<String, PersistentVolumeClaim> claims = new TreeMap<>();
        for (PersistentVolumeClaim claim :
                client.persistentVolumeClaims().inNamespace(namespace).list().getItems()) {
            claims.put(claim.getMetadata().getName(), claim);
        }
        return new EnsembleSnapshot(
                namespace,
                statefulSet,
                pods,
                claims,
                client.discovery()
                        .v1()
                        .endpointSlices()
                        .inNamespace(namespace)
                        .withLabel(SERVICE_NAME_LABEL, EnsembleNames.HEADLESS_SERVICE)
                        .list()
                        .getItems(),
                Optional.ofNullable(client.policy()
                        .v1()
                        .podDisruptionBudget()
                        .inNamespace(namespace)
                        .withName(EnsembleNames.PDB)
                        .get()));
    }
}
