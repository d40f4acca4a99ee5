package dev.zklab.gateway.orchestration;

/** An Idempotency-Key was used again with a different run spec. */
public class IdempotencyConflictException extends RuntimeException {
    public IdempotencyConflictException(String key, String runId) {
        super("Idempotency-Key '" + key + "' was already used for run " + runId
                + " with a different spec; use a new key for a new run");
    }
}
