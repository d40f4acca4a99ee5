package dev.zklab.contracts.run;

import java.util.Map;

/**
 * How a run behaves.
 *
 * @param keepCluster        keep a cluster the run created instead of tearing it down
 * @param stepTimeoutSeconds how long a step may take before it fails as timed out (default 600)
 * @param stepTimeouts       per-step overrides of the timeout, by step name
 * @param maxAttempts        attempts of a step whose failure is marked retryable (default 3)
 */
public record RunOptions(
        Boolean keepCluster, Integer stepTimeoutSeconds, Map<String, Integer> stepTimeouts, Integer maxAttempts) {

    public static final int DEFAULT_STEP_TIMEOUT_SECONDS = 600;
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    RunOptions withDefaults() {
        return new RunOptions(
                keepCluster != null && keepCluster,
                stepTimeoutSeconds == null ? DEFAULT_STEP_TIMEOUT_SECONDS : stepTimeoutSeconds,
                stepTimeouts == null ? Map.of() : Map.copyOf(stepTimeouts),
                maxAttempts == null ? DEFAULT_MAX_ATTEMPTS : maxAttempts);
    }

    /** The timeout of a step, in seconds. */
    public int timeoutOf(String step) {
        return stepTimeouts.getOrDefault(step, stepTimeoutSeconds);
    }
}
