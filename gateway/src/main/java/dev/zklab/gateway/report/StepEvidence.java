package dev.zklab.gateway.report;

import dev.zklab.contracts.api.StepView;
import dev.zklab.contracts.events.MalformedEventException;
import dev.zklab.contracts.evidence.DrainEvidence;
import dev.zklab.contracts.evidence.Evidence;
import dev.zklab.contracts.run.Step;
import java.util.Optional;

/** A step's evidence as its record, for the report: evidence of another shape (an older service, a scripted one) shows nothing rather than break it. */
final class StepEvidence {

    private StepEvidence() {}

    static <T> Optional<T> read(StepView step, Class<T> type) {
        try {
            return Evidence.read(step.evidence(), type);
        } catch (MalformedEventException e) {
            return Optional.empty();
        }
    }

    /** A drain step's evidence; empty for another step. */
    static Optional<DrainEvidence> drain(StepView step) {
        return step.is(Step.DRAIN) ? read(step, DrainEvidence.class) : Optional.empty();
    }
}
