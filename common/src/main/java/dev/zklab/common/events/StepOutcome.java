package dev.zklab.common.events;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A step of the same run that already succeeded, as a later step's command carries it: which step it
 * was and the evidence it recorded (the verifier checks a deployment against the deployer's own record).
 */
public record StepOutcome(String stepId, String step, JsonNode evidence) {
}
