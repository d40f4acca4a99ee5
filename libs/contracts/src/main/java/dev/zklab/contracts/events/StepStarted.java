package dev.zklab.contracts.events;

/** The owning service started an attempt of a step. */
public record StepStarted(String runId, String stepId, int attempt, String service) implements RunEvent, StepEvent {}
