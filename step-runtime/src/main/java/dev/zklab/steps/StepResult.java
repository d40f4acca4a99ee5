package dev.zklab.steps;

import com.fasterxml.jackson.databind.JsonNode;

/** How an attempt of a step ended: with evidence, or with a reason (and whether trying again may help). */
public sealed interface StepResult {

    record Succeeded(JsonNode evidence) implements StepResult {
    }

    /** A failure; {@code evidence} (or null) records what the step saw before it failed. */
    record Failed(String reason, boolean retryable, JsonNode evidence) implements StepResult {
    }

    static StepResult succeeded(JsonNode evidence) {
        return new Succeeded(evidence);
    }

    static StepResult failed(String reason, boolean retryable) {
        return new Failed(reason, retryable, null);
    }

    static StepResult failed(String reason, JsonNode evidence) {
        return new Failed(reason, false, evidence);
    }
}
