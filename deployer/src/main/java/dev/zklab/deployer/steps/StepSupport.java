package dev.zklab.deployer.steps;

import dev.zklab.deployer.apply.Deadline;
import dev.zklab.deployer.apply.DeployedEnsemble;
import dev.zklab.deployer.apply.Rollout;
import dev.zklab.deployer.config.DeployerConfig;
import dev.zklab.deployer.model.EnsembleModel;
import dev.zklab.members.MemberAccess;
import dev.zklab.members.MemberAccesses;
import dev.zklab.steps.StepContext;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;

/** What every deployer step starts from: the run's model, its deadline, the deployed ensemble, the members. */
final class StepSupport {

    /** Time kept back from the step's timeout to report the outcome before the gateway gives up. */
    private static final Duration MARGIN = Duration.ofSeconds(5);

    private StepSupport() {
    }

    /** The run's ensemble as a model; an invalid spec fails the step before anything is applied. */
    static EnsembleModel model(StepContext context) {
        return EnsembleModel.of(context.command().ensemble());
    }

    static Deadline deadline(StepContext context) {
        Duration timeout = Duration.ofSeconds(context.command().timeoutSeconds()).minus(MARGIN);
        return Deadline.in(timeout.isNegative() ? Duration.ofSeconds(1) : timeout, context::cancelled);
    }

    /** The ensemble as deployed; a step that needs one fails with what to do when there is none. */
    static EnsembleModel deployed(KubernetesClient client, EnsembleModel spec, String step) {
        return DeployedEnsemble.of(spec, new Rollout(client, spec.namespace()).statefulSet())
                .orElseThrow(() -> new IllegalStateException("no StatefulSet zk in namespace " + spec.namespace()
                        + "; the " + step + " step needs a deployed ensemble: run the deploy step first"));
    }

    static MemberAccess members(KubernetesClient client, EnsembleModel model, DeployerConfig config) {
        return MemberAccesses.forEnsemble(client, model.namespace(), MemberAccesses.Mode.parse(config.memberAccess()));
    }
}
