package dev.zklab.provisioner.providers;

import dev.zklab.contracts.cluster.ClusterRef;
import dev.zklab.contracts.evidence.ClusterEvidence.Origin;
import dev.zklab.steps.StepContext;
import jakarta.inject.Singleton;

/** Clusters that zklab's operator configured (kubeconfig and context): never created, never deleted. */
@Singleton
public class ExistingClusters implements ClusterProvider {

    @Override
    public String id() {
        return ClusterRef.EXISTING;
    }

    @Override
    public Origin provision(ClusterOrder order, StepContext context) {
        return Origin.CONFIGURED;
    }

    @Override
    public Removal remove(ClusterRef ref, String runId, StepContext context) {
        return Removal.NOT_OURS;
    }
}
