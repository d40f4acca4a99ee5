package dev.zklab.common.events;

import dev.zklab.common.cluster.ClusterRef;
import dev.zklab.common.run.EnsembleSpec;
import java.util.Map;

/**
 * The command to run one attempt of a step, sent to the owning service's command topic (and, as a
 * lifecycle event, to the events topic).
 *
 * @param step           the step's name ({@link dev.zklab.common.run.Step#id()})
 * @param params         the step's parameters from the run spec
 * @param timeoutSeconds after this long the gateway fails the attempt as timed out
 * @param cleanup        whether this is a cleanup step (it runs even when the run failed or was cancelled)
 */
public record StepRequested(String runId, String stepId, String step, int attempt, ClusterRef cluster,
        EnsembleSpec ensemble, Map<String, String> params, int timeoutSeconds, boolean cleanup)
        implements RunEvent, StepEvent {
}
