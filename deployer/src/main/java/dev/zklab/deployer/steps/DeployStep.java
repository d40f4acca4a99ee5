package dev.zklab.deployer.steps;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zklab.common.run.Step;
import dev.zklab.deployer.apply.Deadline;
import dev.zklab.deployer.apply.DeployedEnsemble;
import dev.zklab.deployer.apply.EnsembleDeployment;
import dev.zklab.deployer.apply.Rollout;
import dev.zklab.deployer.apply.QuorumFormation;
import dev.zklab.deployer.config.DeployerConfig;
import dev.zklab.deployer.model.EnsembleModel;
import dev.zklab.deployer.model.ImageProfile;
import dev.zklab.members.MemberAccess;
import dev.zklab.members.MemberFacts;
import java.util.List;
import dev.zklab.steps.StepContext;
import dev.zklab.steps.StepHandler;
import dev.zklab.steps.StepResult;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The lab's "apply zookeeper.yaml": server-side applies the ensemble into the run's namespace and
 * waits until every member is Ready and (current profile) the members formed one quorum; the evidence
 * shows each pod's creation, Ready time and node, the order in which they were observed, and each
 * member's server id and role in its own words.
 */
@ApplicationScoped
public class DeployStep implements StepHandler {

    private final ObjectMapper json;
    private final DeployerConfig config;

    public DeployStep(ObjectMapper json, DeployerConfig config) {
        this.json = json;
        this.config = config;
    }

    @Override
    public Step step() {
        return Step.DEPLOY;
    }

    @Override
    public StepResult run(StepContext context) {
        EnsembleModel spec = StepSupport.model(context);
        try (KubernetesClient client = context.cluster()) {
            // Applied again (a retried step, a second deploy) the ensemble keeps the members a scale step gave it.
            EnsembleModel model = DeployedEnsemble.of(spec, new Rollout(client, spec.namespace()).statefulSet())
                    .map(deployed -> spec.withReplicas(deployed.replicas())).orElse(spec);
            context.progress("applying " + model.replicas() + " members (" + model.profile().id() + " profile) in namespace "
                    + model.namespace());
            Deadline deadline = StepSupport.deadline(context);
            EnsembleDeployment.Result result = new EnsembleDeployment(client).deploy(model, deadline);
            var evidence = json.createObjectNode()
                    .put("namespace", model.namespace())
                    .put("profile", model.profile().id())
                    .put("image", model.profile().image())
                    .put("replicas", model.replicas());
            evidence.setAll((com.fasterxml.jackson.databind.node.ObjectNode) json.valueToTree(result));
            if (model.profile() == ImageProfile.CURRENT) {
                context.progress("rolled out; waiting for the members to form a quorum");
                MemberAccess access = StepSupport.members(client, model, config);
                List<MemberFacts> members = new QuorumFormation(access).await(model.replicas(), deadline);
                evidence.set("members", json.valueToTree(members));
                members.stream().filter(m -> m.mode().filter("leader"::equals).isPresent()).findFirst()
                        .ifPresent(leader -> evidence.put("leader", leader.pod()));
                evidence.put("via", access.describe());
            }
            return StepResult.succeeded(evidence);
        }
    }
}
