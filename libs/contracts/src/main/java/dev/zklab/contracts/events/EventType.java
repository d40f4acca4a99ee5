package dev.zklab.contracts.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * The CloudEvents {@code type} of every payload. Versioning: payloads only gain optional fields; a
 * breaking change is a new type ({@code ...v2}) beside the old one.
 */
public enum EventType {
    RUN_REQUESTED("dev.zklab.run.requested.v1", RunRequested.class),
    RUN_CANCELLED("dev.zklab.run.cancelled.v1", RunCancelled.class),
    RUN_COMPLETED("dev.zklab.run.completed.v1", RunCompleted.class),
    STEP_REQUESTED("dev.zklab.step.requested.v1", StepRequested.class),
    STEP_STARTED("dev.zklab.step.started.v1", StepStarted.class),
    STEP_PROGRESS("dev.zklab.step.progress.v1", StepProgress.class),
    STEP_SUCCEEDED("dev.zklab.step.succeeded.v1", StepSucceeded.class),
    STEP_FAILED("dev.zklab.step.failed.v1", StepFailed.class);

    private final String type;
    private final Class<? extends RunEvent> payload;

    EventType(String type, Class<? extends RunEvent> payload) {
        this.type = type;
        this.payload = payload;
    }

    public String type() {
        return type;
    }

    public Class<? extends RunEvent> payload() {
        return payload;
    }

    public static Optional<EventType> of(String type) {
        return Arrays.stream(values()).filter(t -> t.type.equals(type)).findFirst();
    }

    public static EventType of(RunEvent event) {
        return Arrays.stream(values())
                .filter(t -> t.payload == event.getClass())
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no event type for " + event.getClass()));
    }
}
