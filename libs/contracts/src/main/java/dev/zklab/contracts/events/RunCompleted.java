package dev.zklab.contracts.events;

/** A run ended: {@code outcome} is SUCCEEDED, FAILED or CANCELLED; {@code reason} says why it did not succeed. */
public record RunCompleted(String runId, String outcome, String reason) implements RunEvent {}
