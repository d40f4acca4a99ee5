package dev.zklab.contracts.events;

import dev.zklab.contracts.cluster.ClusterRef;
import dev.zklab.contracts.evidence.ClusterEvidence.Origin;
import dev.zklab.contracts.run.EnsembleSpec;
import java.util.Map;
import java.util.Optional;

/**
 * The command to run one attempt of a step, sent to the owning service's command topic (and, as a
 * lifecycle event, to the events topic).
 *
 * @param step           the step's name ({@link dev.zklab.contracts.run.Step#id()})
 * @param params         the step's parameters from the run spec
 * @param timeoutSeconds after this long the gateway fails the attempt as timed out
 * @param cleanup        whether this is a cleanup step (it runs even when the run failed or was cancelled)
 * @param previous       the run's last succeeded step before this one, with its evidence; null for the
 *                       first step (optional: commands published before it existed have none)
 * @param clusterOrigin  how the run came by its cluster ({@link dev.zklab.contracts.evidence.ClusterEvidence.Origin}), from
 *                       its provision-cluster step; null when the run has none (it works on a cluster it found).
 *                       Only on a cluster the run made are other workloads' pods its own to disturb
 */
public record StepRequested(
        String runId,
        String stepId,
        String step,
        int attempt,
        ClusterRef cluster,
        EnsembleSpec ensemble,
        Map<String, String> params,
        int timeoutSeconds,
        boolean cleanup,
        StepOutcome previous,
        String clusterOrigin)
        implements RunEvent, StepEvent {

    /** A command that follows no succeeded step. */
    public StepRequested(
            String runId,
            String stepId,
            String step,
            int attempt,
            ClusterRef cluster,
            EnsembleSpec ensemble,
            Map<String, String> params,
            int timeoutSeconds,
            boolean cleanup) {
        this(runId, stepId, step, attempt, cluster, ensemble, params, timeoutSeconds, cleanup, null, null);
    }

    /** A command on a cluster the run did not provision. */
    public StepRequested(
            String runId,
            String stepId,
            String step,
            int attempt,
            ClusterRef cluster,
            EnsembleSpec ensemble,
            Map<String, String> params,
            int timeoutSeconds,
            boolean cleanup,
            StepOutcome previous) {
        this(runId, stepId, step, attempt, cluster, ensemble, params, timeoutSeconds, cleanup, previous, null);
    }

    /** Whether the run's own provision-cluster step created the cluster (or adopted the one an earlier attempt began). */
    public boolean clusterMadeByRun() {
        return Origin.CREATED.name().equals(clusterOrigin)
                || Origin.ADOPTED.name().equals(clusterOrigin);
    }

    public Optional<StepOutcome> previousStep() {
        return Optional.ofNullable(previous);
    }
}
