package dev.zklab.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An attempt of a step failed. {@code retryable} failures are tried again up to the run's
 * {@code maxAttempts}; the gateway itself publishes this event when an attempt times out.
 *
 * @param evidence what the service saw before it failed (the verifier's checks), or null (optional field)
 */
public record StepFailed(String runId, String stepId, int attempt, String reason, boolean retryable, JsonNode evidence)
        implements RunEvent, StepEvent {

    /** A failure without evidence. */
    public StepFailed(String runId, String stepId, int attempt, String reason, boolean retryable) {
        this(runId, stepId, attempt, reason, retryable, null);
    }
}
