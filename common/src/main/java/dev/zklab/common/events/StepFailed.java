package dev.zklab.common.events;

/**
 * An attempt of a step failed. {@code retryable} failures are tried again up to the run's
 * {@code maxAttempts}; the gateway itself publishes this event when an attempt times out.
 */
public record StepFailed(String runId, String stepId, int attempt, String reason, boolean retryable)
        implements RunEvent, StepEvent {
}
