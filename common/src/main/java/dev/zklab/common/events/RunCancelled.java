package dev.zklab.common.events;

/** A client cancelled a run; its cleanup steps still run. Also sent to the services, so a running step can stop. */
public record RunCancelled(String runId, String reason) implements RunEvent {
}
