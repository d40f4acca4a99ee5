package dev.zklab.gateway.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zklab.contracts.api.StepView;
import dev.zklab.contracts.evidence.Check;
import dev.zklab.contracts.evidence.Evidence;
import dev.zklab.contracts.evidence.VerifyEvidence;
import dev.zklab.contracts.run.Step;
import java.time.Duration;
import java.util.List;

/**
 * One step as a report shows it: the step, how long it took, a verification's checks (read as the
 * verifier's {@link VerifyEvidence}), and the rest of its evidence.
 *
 * @param seconds  how long it ran, or null when it did not start or end
 * @param checks   the verification's checks; empty for other steps
 * @param evidence the evidence without the checks, or null when there is none
 */
public record StepSection(StepView step, Long seconds, List<Check> checks, JsonNode evidence) {

    /** The field of a verification's evidence that holds its checks. */
    static final String CHECKS = "checks";

    public static StepSection of(StepView step) {
        Long seconds = step.startedAt() == null || step.endedAt() == null
                ? null
                : Duration.between(step.startedAt(), step.endedAt()).toSeconds();
        JsonNode evidence = step.evidence() == null || step.evidence().isNull() ? null : step.evidence();
        List<Check> checks = List.of();
        if (evidence != null && step.is(Step.VERIFY) && evidence.isObject()) {
            checks = Evidence.read(evidence, VerifyEvidence.class)
                    .map(VerifyEvidence::checks)
                    .orElse(List.of());
            evidence = ((ObjectNode) evidence).deepCopy().without(CHECKS);
        }
        return new StepSection(step, seconds, checks == null ? List.of() : checks, evidence);
    }

    /** The evidence as indented JSON, for the page. */
    public String evidenceJson() {
        return evidence == null ? "" : evidence.toPrettyString();
    }

    static List<StepSection> of(RunReport report) {
        return report.run().steps().stream().map(StepSection::of).toList();
    }
}
