package dev.zklab.contracts.api;

import dev.zklab.contracts.run.RunSpec;
import java.time.Instant;
import java.util.List;

/**
 * A run, as the API shows it: its spec (with defaults), state, and every step; who requested it and who cancelled it
 * (each absent when no signed-in user did).
 */
public record RunView(
        String id,
        RunStatus state,
        RunSpec spec,
        Instant createdAt,
        Instant updatedAt,
        Instant endedAt,
        String reason,
        List<StepView> steps,
        String requestedBy,
        String cancelledBy) {}
