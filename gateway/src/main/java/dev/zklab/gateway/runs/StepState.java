package dev.zklab.gateway.runs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zklab.contracts.api.StepStatus;
import dev.zklab.contracts.api.StepView;
import dev.zklab.contracts.run.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One step of a run as the events tell it; mutated only by {@link RunProjection}. */
final class StepState {

    static final int MAX_PROGRESS = 50;

    final String stepId;
    final Step step;
    final Map<String, String> params;
    final int timeoutSeconds;
    StepStatus status = StepStatus.PENDING;
    int attempts;
    Instant requestedAt;
    Instant startedAt;
    Instant endedAt;
    Instant deadline;
    JsonNode evidence;
    String reason;
    final List<String> progress = new ArrayList<>();

    StepState(String stepId, Step step, Map<String, String> params, int timeoutSeconds) {
        this.stepId = stepId;
        this.step = step;
        this.params = params;
        this.timeoutSeconds = timeoutSeconds;
    }

    StepView view() {
        return new StepView(
                stepId,
                step.id(),
                step.owner().id(),
                step.cleanup(),
                params,
                status,
                attempts,
                startedAt != null ? startedAt : requestedAt,
                endedAt,
                evidence,
                reason,
                List.copyOf(progress));
    }
}
