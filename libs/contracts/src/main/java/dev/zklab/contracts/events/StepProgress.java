package dev.zklab.contracts.events;

/** A step reports what it is doing (e.g. "zk-1 Ready, waiting for zk-2"). */
public record StepProgress(String runId, String stepId, int attempt, String message) implements RunEvent, StepEvent {}
