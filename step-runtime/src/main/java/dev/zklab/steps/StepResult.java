package dev.zklab.steps;

import com.fasterxml.jackson.databind.JsonNode;

/** How an attempt of a step ended: with evidence, or with a reason (and whether trying again may help). */
public sealed interface StepResult {

    record Succeeded(JsonNode evidence) implements StepResult {
    }

    record Failed(String reason, boolean retryable) implements StepResult {
    }

    static StepResult succeeded(JsonNode evidence) {
        return new Succeeded(evidence);
    }

    static StepResult failed(String reason, boolean retryable) {
        return new Failed(reason, retryable);
    }
}
