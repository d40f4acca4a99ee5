package dev.zklab.provisioner.steps;

import dev.zklab.contracts.run.Step;
import dev.zklab.provisioner.storage.StorageSetup;
import dev.zklab.steps.StepContext;
import dev.zklab.steps.StepHandler;
import dev.zklab.steps.StepResult;
import jakarta.inject.Singleton;

/**
 * The lab's StorageClass {@code fast}: ensured as the cluster's provider needs it (or, on an existing
 * cluster, one that is there), and proven by a claim that binds.
 */
@Singleton
public class SetupStorageStep implements StepHandler {

    @Override
    public Step step() {
        return Step.SETUP_STORAGE;
    }

    @Override
    public StepResult run(StepContext context) {
        return StepResult.succeeded(StorageSetup.ensure(
                context.cluster(),
                context.command().cluster(),
                context.command().ensemble().storageClass(),
                context.command().ensemble().namespace(),
                context.command().runId(),
                context.command().ensemble().takesOver(),
                context));
    }
}
