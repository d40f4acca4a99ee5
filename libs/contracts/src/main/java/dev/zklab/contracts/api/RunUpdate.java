package dev.zklab.contracts.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** One event of a run, as Server-Sent Events and the report show it. */
public record RunUpdate(String type, Instant time, String source, RunStatus runState, JsonNode data) {}
