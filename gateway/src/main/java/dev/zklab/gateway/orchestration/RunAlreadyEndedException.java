package dev.zklab.gateway.orchestration;

import dev.zklab.contracts.api.RunStatus;

/** A run that has ended cannot be cancelled. */
public class RunAlreadyEndedException extends RuntimeException {
    public RunAlreadyEndedException(String runId, RunStatus state) {
        super("run " + runId + " already ended: " + state);
    }
}
