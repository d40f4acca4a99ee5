package dev.zklab.deployer.steps;

import dev.zklab.deployer.config.DeployerConfig;
import dev.zklab.deployer.kubernetes.DeployedEnsemble;
import dev.zklab.deployer.model.EnsembleModel;
import dev.zklab.kubernetes.StatefulSetRollout;
import dev.zklab.members.MemberAccess;
import dev.zklab.members.MemberAccesses;
import dev.zklab.steps.StepContext;
import io.fabric8.kubernetes.client.KubernetesClient;

/** What every deployer step starts from: the run's model, the deployed ensemble, the members. */
final class StepSupport {

    private StepSupport() {
    }

    /** The run's ensemble as a model; an invalid spec fails the step before anything is applied. */
    static EnsembleModel model(StepContext context) {
        return EnsembleModel.of(context.command().ensemble());
    }

    /** The ensemble as deployed; a step that needs one fails with what to do when there is none. */
    static EnsembleModel deployed(KubernetesClient client, EnsembleModel spec, String step) {
        return DeployedEnsemble.of(spec, new StatefulSetRollout(client, spec.namespace()).statefulSet())
                .orElseThrow(() -> new IllegalStateException("no StatefulSet zk in namespace " + spec.namespace()
                        + "; the " + step + " step needs a deployed ensemble: run the deploy step first"));
    }

    static MemberAccess members(KubernetesClient client, EnsembleModel model, DeployerConfig config) {
        return MemberAccesses.forEnsemble(client, model.namespace(), MemberAccesses.Mode.parse(config.memberAccess()));
    }
}
