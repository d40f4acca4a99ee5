package dev.zklab.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zklab.contracts.evidence.Evidence;
import java.util.Optional;

/**
 * A step of the same run that already succeeded, as a later step's command carries it: which step it
 * was and the evidence it recorded (the verifier checks a deployment against the deployer's own record).
 */
public record StepOutcome(String stepId, String step, JsonNode evidence) {

    /**
     * The evidence as the record its step writes (e.g. {@code DeployEvidence}); empty when the step
     * recorded none. Fields the record does not know are ignored, missing ones are null.
     */
    public <T> Optional<T> evidence(Class<T> type) {
        return Evidence.read(evidence, type);
    }
}
