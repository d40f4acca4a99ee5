package dev.zklab.gateway.report;

import dev.zklab.contracts.api.RunView;
import dev.zklab.contracts.api.StepStatus;
import dev.zklab.contracts.api.StepView;
import dev.zklab.contracts.evidence.DeployEvidence;
import dev.zklab.contracts.evidence.TeardownEvidence;
import dev.zklab.contracts.run.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * The report's first sentence: passed or failed, and why, for someone who reads nothing else. A run
 * that succeeded says what it showed, from its steps' evidence (the ensemble started in order, how many
 * verifications passed, the data kept, the scaling, the drill's availability, the cluster removed); a run
 * that failed says which step and why.
 */
final class Verdict {

    private Verdict() {}

    static String of(RunView run, DrillFigures drill) {
        return switch (run.state()) {
            case SUCCEEDED -> succeeded(run, drill);
            case FAILED -> "The run failed: " + run.reason() + ".";
            case CANCELLED -> "The run was cancelled (" + run.reason() + ").";
            default -> "The run is still going: " + run.state() + ".";
        };
    }

    private static String succeeded(RunView run, DrillFigures drill) {
        String started = null;
        int verifications = 0;
        boolean durable = false;
        List<String> scaledTo = new ArrayList<>();
        boolean deleted = false;
        for (StepView step : run.steps()) {
            if (step.status() != StepStatus.SUCCEEDED) {
                continue;
            }
            switch (Step.byId(step.name()).orElse(Step.CONFIGURE)) {
                case DEPLOY ->
                    started = started != null
                            ? started
                            : StepEvidence.read(step, DeployEvidence.class)
                                    .map(d -> "a " + d.replicas() + "-member ensemble started"
                                            + (d.orderedReady() ? " in order" : ""))
                                    .orElse(null);
                case VERIFY -> verifications++;
                case DURABILITY -> durable = true;
                case SCALE -> scaledTo.add(step.params().getOrDefault("replicas", "?"));
                case TEARDOWN ->
                    deleted |= StepEvidence.read(step, TeardownEvidence.class)
                            .map(TeardownEvidence::clusterDeleted)
                            .orElse(false);
                default -> {}
            }
        }
        List<String> shown = new ArrayList<>();
        if (started != null) {
            shown.add(started);
        }
        if (verifications > 0) {
            shown.add(
                    verifications == 1 ? "its verification passed" : "all " + verifications + " verifications passed");
        }
        if (durable) {
            shown.add("it kept its data when its StatefulSet was deleted");
        }
        if (!scaledTo.isEmpty()) {
            shown.add("it was scaled to " + String.join(", then ", scaledTo) + " members");
        }
        if (drill != null) {
            shown.add(drill.sentence());
        }
        if (deleted) {
            shown.add("the cluster was deleted at the end");
        }
        return shown.isEmpty() ? "Every step succeeded." : "Passed: " + String.join("; ", shown) + ".";
    }
}
