package dev.zklab.deployer.steps;

import dev.zklab.contracts.run.Step;
import dev.zklab.deployer.kubernetes.DeployedEnsemble;
import dev.zklab.deployer.model.EnsembleModel;
import dev.zklab.kubernetes.StatefulSetRollout;
import dev.zklab.steps.StepContext;
import dev.zklab.steps.StepHandler;
import dev.zklab.steps.StepResult;
import dev.zklab.support.kubernetes.EnsembleOwnership;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * What every deployer step shares: the run's ensemble as a model (an invalid spec fails the step
 * before anything is applied) marked as the run's, the ensemble secured (one that is not the run's fails
 * the step before anything is changed) and the deployed ensemble; the client of the run's cluster and the
 * members come from the {@link StepContext}. The steps are {@code @Singleton} beans: without a
 * client proxy, they need no no-args constructor.
 */
abstract class EnsembleStep implements StepHandler {

    private final Step step;

    EnsembleStep(Step step) {
        this.step = step;
    }

    @Override
    public Step step() {
        return step;
    }

    @Override
    public StepResult run(StepContext context) throws Exception {
        String runId = context.command().runId();
        EnsembleModel spec = EnsembleModel.of(context.command().ensemble()).forRun(runId);
        KubernetesClient client = context.cluster();
        // Before anything is changed: an ensemble zklab did not make, or another run's, is refused.
        List<String> taken = EnsembleOwnership.secure(
                client, spec.namespace(), runId, context.command().ensemble().takesOver());
        if (!taken.isEmpty()) {
            context.progress("took over an ended run's ensemble: " + String.join(", ", taken));
        }
        return run(context, spec, client);
    }

    /** Runs the step on the run's ensemble ({@code spec}) in its cluster. */
    abstract StepResult run(StepContext context, EnsembleModel spec, KubernetesClient client) throws Exception;

    /** The ensemble as deployed; a step that needs one fails with what to do when there is none. */
    EnsembleModel deployed(KubernetesClient client, EnsembleModel spec) {
        return DeployedEnsemble.of(spec, new StatefulSetRollout(client, spec.namespace()).statefulSet())
                .orElseThrow(() -> new IllegalStateException("no StatefulSet zk in namespace " + spec.namespace()
                        + "; the " + step.id() + " step needs a deployed ensemble: run the deploy step first"));
    }
}
