package dev.zklab.gateway.runs;

import dev.zklab.contracts.api.RunStatus;
import dev.zklab.contracts.api.RunSummary;
import dev.zklab.contracts.api.RunUpdate;
import dev.zklab.contracts.api.RunView;
import dev.zklab.contracts.run.RunSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One run as the events tell it; mutated only by {@link RunProjection}. */
final class RunState {

    final String id;
    final RunSpec spec;
    final String idempotencyKey;
    final Instant createdAt;
    final String requestedBy;
    final List<StepState> steps;
    final List<RunUpdate> history = new ArrayList<>();
    RunStatus status = RunStatus.PENDING;
    Instant updatedAt;
    Instant endedAt;
    String reason;
    boolean cancelRequested;
    String cancelReason;
    String cancelledBy;

    RunState(
            String id,
            RunSpec spec,
            String idempotencyKey,
            Instant createdAt,
            String requestedBy,
            List<StepState> steps) {
        this.id = id;
        this.requestedBy = requestedBy;
        this.spec = spec;
        this.idempotencyKey = idempotencyKey;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        this.steps = steps;
    }

    StepState step(String stepId) {
        return steps.stream().filter(s -> s.stepId.equals(stepId)).findFirst().orElse(null);
    }

    RunView view() {
        return new RunView(
                id,
                status,
                spec,
                createdAt,
                updatedAt,
                endedAt,
                reason,
                steps.stream().map(StepState::view).toList(),
                requestedBy,
                cancelledBy);
    }

    RunSummary summary() {
        String current = steps.stream()
                .filter(s -> s.status.isActive())
                .map(s -> s.stepId)
                .findFirst()
                .orElse(null);
        return new RunSummary(
                id,
                status,
                spec.cluster().provider() + "/" + spec.cluster().name(),
                createdAt,
                endedAt,
                current,
                reason);
    }
}
