package dev.zklab.contracts.api;

import java.time.Instant;

/** One line of the run list. */
public record RunSummary(
        String id,
        RunStatus state,
        String cluster,
        Instant createdAt,
        Instant endedAt,
        String currentStep,
        String reason) {}
