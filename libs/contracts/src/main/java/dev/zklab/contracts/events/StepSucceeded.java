package dev.zklab.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;

/** An attempt of a step succeeded; {@code evidence} records what the service saw. */
public record StepSucceeded(String runId, String stepId, int attempt, JsonNode evidence)
        implements RunEvent, StepEvent {}
