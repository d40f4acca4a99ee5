package dev.zklab.steps;

/**
 * How an attempt of a step ended: with evidence, or with a reason (and whether trying again may help). The evidence is
 * the step's own record (one of {@code dev.zklab.contracts.evidence}); the runtime turns it into the event's JSON.
 */
public sealed interface StepResult {

    record Succeeded(Object evidence) implements StepResult {}

    /** A failure; {@code evidence} (or null) records what the step saw before it failed. */
    record Failed(String reason, boolean retryable, Object evidence) implements StepResult {}

    static StepResult succeeded(Object evidence) {
        return new Succeeded(evidence);
    }

    static StepResult failed(String reason, boolean retryable) {
        return new Failed(reason, retryable, null);
    }

    static StepResult failed(String reason, Object evidence) {
        return new Failed(reason, false, evidence);
    }
}
