package dev.zklab.provisioner.providers;

import dev.zklab.contracts.cluster.ClusterRef;
import dev.zklab.contracts.evidence.ClusterEvidence.Origin;
import dev.zklab.steps.StepContext;

/**
 * Makes and removes the clusters of one provider. A cluster is created only when none of that name
 * exists; one that an earlier attempt of the same run began (marked with the run's id before the
 * create call) is adopted, never created twice; one that exists otherwise is used and left standing.
 */
public interface ClusterProvider {

    /** The provider's name in run specs ({@link ClusterRef#provider()}). */
    String id();

    /** Brings the cluster into being unless it exists; returns how the run came by it, once it answers. */
    Origin provision(ClusterOrder order, StepContext context) throws Exception;

    /** Deletes the cluster if this run created it; says what became of it. Deleting twice is fine. */
    Removal remove(ClusterRef ref, String runId, StepContext context) throws Exception;

    /** What {@link #remove} found and did. */
    enum Removal {
        /** It was this run's, and is deleted. */
        DELETED,
        /** It was not this run's: left standing. */
        NOT_OURS,
        /** There is no such cluster (deleted before, or never created). */
        GONE
    }
}
