package dev.zklab.contracts.api;

/** Where a run is. SUCCEEDED, FAILED and CANCELLED are final. */
public enum RunStatus {
    PENDING,
    RUNNING,
    CLEANING_UP,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
