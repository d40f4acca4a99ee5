package dev.zklab.deployer.steps;

import dev.zklab.contracts.run.Step;
import dev.zklab.deployer.kubernetes.ConfigurationRoll;
import dev.zklab.deployer.model.EnsembleModel;
import dev.zklab.members.Quorum;
import dev.zklab.steps.StepContext;
import dev.zklab.steps.StepResult;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.TreeMap;

/**
 * Changes ZooKeeper settings of the deployed ensemble (the step's params, e.g. {@code {"tickTime": "3000"}})
 * and rolls the members one at a time; {@code {"undo": "true"}} goes back to the previous revision.
 */
@Singleton
public class ConfigureStep extends EnsembleStep {

    static final String UNDO = "undo";

    public ConfigureStep() {
        super(Step.CONFIGURE);
    }

    @Override
    StepResult run(StepContext context, EnsembleModel spec, KubernetesClient client) {
        Map<String, String> params = context.command().params();
        EnsembleModel deployed = deployed(client, spec);
        ConfigurationRoll roll =
                new ConfigurationRoll(client, new Quorum(context.members(deployed.namespace()))::awaitServing);
        ConfigurationRoll.Result result;
        if ("true".equals(params.get(UNDO))) {
            context.progress("going back to the previous revision");
            result = roll.undo(deployed, context.deadline());
        } else {
            if (params.isEmpty()) {
                return StepResult.failed(
                        "the configure step needs the settings to change as params, e.g. "
                                + "{\"name\": \"configure\", \"params\": {\"tickTime\": \"3000\"}}, or {\"undo\": \"true\"}",
                        false);
            }
            Map<String, String> settings = new TreeMap<>(deployed.settings().overrides());
            settings.putAll(params);
            EnsembleModel desired = deployed.withSettings(settings);
            context.progress("rolling the members to " + settings);
            result = roll.change(deployed, desired, context.deadline());
        }
        return StepResult.succeeded(result);
    }
}
