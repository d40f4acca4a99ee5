package dev.zklab.common.events;

import dev.zklab.common.run.RunSpec;
import java.time.Instant;

/** A client asked for a run (the spec has its defaults applied). */
public record RunRequested(String runId, RunSpec spec, String idempotencyKey, Instant requestedAt) implements RunEvent {
}
