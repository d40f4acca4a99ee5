package dev.zklab.provisioner.steps;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zklab.common.run.Step;
import dev.zklab.provisioner.storage.StorageSetup;
import dev.zklab.steps.StepContext;
import dev.zklab.steps.StepHandler;
import dev.zklab.steps.StepResult;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.inject.Singleton;

/**
 * The lab's StorageClass {@code fast}: ensured as the cluster's provider needs it (or, on an existing
 * cluster, one that is there), and proven by a claim that binds.
 */
@Singleton
public class SetupStorageStep implements StepHandler {

    private final ObjectMapper json;

    public SetupStorageStep(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public Step step() {
        return Step.SETUP_STORAGE;
    }

    @Override
    public StepResult run(StepContext context) {
        try (KubernetesClient client = context.cluster()) {
            return StepResult.succeeded(json.valueToTree(StorageSetup.ensure(client, context.command().cluster(),
                    context.command().ensemble().storageClass(), context.command().ensemble().namespace(), context.command().runId(),
                    context.command().ensemble().takesOver(), context)));
        }
    }
}
