package dev.zklab.contracts.events;

/**
 * A client cancelled a run; its cleanup steps still run. Also sent to the services, so a running step can stop.
 * {@code cancelledBy} names who signed in to cancel it (optional: absent from cancellations before sign-in, and from
 * the gateway's own, such as a run timing out).
 */
public record RunCancelled(String runId, String reason, String cancelledBy) implements RunEvent {

    /** A cancellation no user asked for. */
    public RunCancelled(String runId, String reason) {
        this(runId, reason, null);
    }
}
