package dev.zklab.drainer.steps;

import dev.zklab.contracts.evidence.UncordonEvidence;
import dev.zklab.contracts.run.Step;
import dev.zklab.drainer.drain.Cordons;
import dev.zklab.drainer.recovery.DrillLedger;
import dev.zklab.steps.StepContext;
import dev.zklab.steps.StepHandler;
import dev.zklab.steps.StepResult;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Cleanup after every run with a drill, whatever became of it: every node the run cordoned — found by
 * zklab's annotation on the nodes, not by evidence a failed step may not have — made schedulable again.
 * A node cordoned by anyone else is left as it is. Running it twice is harmless.
 */
@Singleton
public class UncordonStep implements StepHandler {

    private final DrillLedger ledger;

    public UncordonStep(DrillLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public Step step() {
        return Step.UNCORDON;
    }

    @Override
    public StepResult run(StepContext context) {
        String runId = context.command().runId();
        List<String> uncordoned = new Cordons(context.cluster()).restoreAll(runId);
        if (!uncordoned.isEmpty()) {
            context.progress("uncordoned " + uncordoned);
        }
        if (!ledger.runningHere(runId)) {
            ledger.end(runId);
        }
        return StepResult.succeeded(new UncordonEvidence(uncordoned));
    }
}
