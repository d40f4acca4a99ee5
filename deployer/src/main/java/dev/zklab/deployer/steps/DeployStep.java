package dev.zklab.deployer.steps;

import dev.zklab.contracts.ensemble.ImageProfile;
import dev.zklab.contracts.evidence.DeployEvidence;
import dev.zklab.contracts.evidence.MemberFacts;
import dev.zklab.contracts.run.Step;
import dev.zklab.deployer.kubernetes.DeployedEnsemble;
import dev.zklab.deployer.kubernetes.EnsembleDeployment;
import dev.zklab.deployer.model.EnsembleModel;
import dev.zklab.kubernetes.StatefulSetRollout;
import dev.zklab.members.MemberAccess;
import dev.zklab.members.Quorum;
import dev.zklab.steps.StepContext;
import dev.zklab.steps.StepResult;
import dev.zklab.support.wait.Deadline;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The lab's "apply zookeeper.yaml": server-side applies the ensemble into the run's namespace and
 * waits until every member is Ready and (current profile) the members formed one quorum; the evidence
 * ({@link DeployEvidence}) shows each pod's creation, Ready time and node, the order in which they
 * were observed, and each member's server id and role in its own words.
 */
@Singleton
public class DeployStep extends EnsembleStep {

    public DeployStep() {
        super(Step.DEPLOY);
    }

    @Override
    StepResult run(StepContext context, EnsembleModel spec, KubernetesClient client) {
        // Applied again (a retried step, a second deploy) the ensemble keeps the members a scale step gave it.
        EnsembleModel model = DeployedEnsemble.of(spec, new StatefulSetRollout(client, spec.namespace()).statefulSet())
                .map(deployed -> spec.withReplicas(deployed.replicas()))
                .orElse(spec);
        context.progress("applying " + model.replicas() + " members ("
                + model.profile().id() + " profile) in namespace " + model.namespace());
        Deadline deadline = context.deadline();
        EnsembleDeployment.Result result = new EnsembleDeployment(client).deploy(model, deadline);
        List<MemberFacts> members = List.of();
        String leader = null;
        String via = null;
        if (model.profile() == ImageProfile.CURRENT) {
            context.progress("rolled out; waiting for the members to form a quorum");
            MemberAccess access = context.members(model.namespace());
            members = new Quorum(access)
                    .awaitFormed(IntStream.range(0, model.replicas()).boxed().toList(), deadline);
            leader = members.stream()
                    .filter(MemberFacts::leads)
                    .map(MemberFacts::pod)
                    .findFirst()
                    .orElse(null);
            via = access.describe();
        }
        return StepResult.succeeded(new DeployEvidence(
                model.namespace(),
                model.profile().id(),
                model.profile().image(),
                model.replicas(),
                result.applied(),
                result.configHash(),
                result.pods(),
                result.timeline(),
                result.orderedReady(),
                members,
                leader,
                via));
    }
}
