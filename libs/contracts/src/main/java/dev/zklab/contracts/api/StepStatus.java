package dev.zklab.contracts.api;

/** Where a step of a run is. REQUESTED and RUNNING are active; SUCCEEDED, FAILED, SKIPPED, CANCELLED are final. */
public enum StepStatus {
    PENDING,
    REQUESTED,
    RUNNING,
    RETRYING,
    SUCCEEDED,
    FAILED,
    SKIPPED,
    CANCELLED;

    public boolean isActive() {
        return this == REQUESTED || this == RUNNING;
    }

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == SKIPPED || this == CANCELLED;
    }
}
