package dev.zklab.contracts.events;

import dev.zklab.contracts.run.RunSpec;
import java.time.Instant;

/**
 * A client asked for a run (the spec has its defaults applied); {@code requestedBy} names who signed in to ask
 * (optional: runs requested before the API had sign-in have none).
 */
public record RunRequested(String runId, RunSpec spec, String idempotencyKey, Instant requestedAt, String requestedBy)
        implements RunEvent {}
