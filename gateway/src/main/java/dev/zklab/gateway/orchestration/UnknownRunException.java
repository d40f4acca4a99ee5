package dev.zklab.gateway.orchestration;

/** No run has this id. */
public class UnknownRunException extends RuntimeException {
    public UnknownRunException(String runId) {
        super("no run with id '" + runId + "'; list runs with GET /api/runs");
    }
}
