package dev.zklab.contracts.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zklab.contracts.run.Step;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A step of a run, as the API shows it.
 *
 * @param id       the step's id within the run, e.g. {@code 03-deploy}
 * @param name     which step it is, as a run spec names it ({@code deploy}: a {@link Step}'s id); {@link #is} asks
 * @param service  the service that does it
 * @param cleanup  whether it is a cleanup step (runs even when the run failed or was cancelled)
 * @param attempts attempts made so far
 * @param evidence what the service recorded when the step succeeded
 * @param reason   why the step failed, was skipped or cancelled
 * @param progress the step's progress messages, oldest first
 */
public record StepView(
        String id,
        String name,
        String service,
        boolean cleanup,
        Map<String, String> params,
        StepStatus status,
        int attempts,
        Instant startedAt,
        Instant endedAt,
        JsonNode evidence,
        String reason,
        List<String> progress) {

    /** Whether this is a step of that kind ({@code step.is(Step.DRAIN)}). */
    public boolean is(Step kind) {
        return kind.id().equals(name);
    }
}
