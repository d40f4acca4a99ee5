package dev.zklab.steps;

import dev.zklab.contracts.events.RunEvent;
import dev.zklab.contracts.events.StepEvent;
import dev.zklab.contracts.events.StepFailed;
import dev.zklab.contracts.events.StepProgress;
import dev.zklab.contracts.events.StepRequested;
import dev.zklab.contracts.events.StepSucceeded;
import dev.zklab.support.wait.CancelledException;
import dev.zklab.support.wait.Deadline;
import dev.zklab.support.wait.Poll;
import io.micrometer.core.instrument.Counter;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.jboss.logging.Logger;

/**
 * How a step service publishes a step's events: the start and the outcome tried again until the broker has them (an
 * outcome too large for it becomes a failure that says so), progress worth a try, not a wait.
 */
final class StepEvents {

    private static final Logger LOG = Logger.getLogger(StepEvents.class);
    /** Longest wait for the broker to take one event before it is tried again. */
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    /** Pause before an event that could not be published is tried again. */
    static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final EventSink publisher;
    private final Counter publishFailures;
    private final BooleanSupplier stopping;

    StepEvents(EventSink publisher, Counter publishFailures, BooleanSupplier stopping) {
        this.publisher = publisher;
        this.publishFailures = publishFailures;
        this.stopping = stopping;
    }

    /** Progress is worth a try, not a wait: a lost progress event costs nothing the outcome does not tell. */
    void progress(StepRequested command, String message, Context trace) {
        publisher
                .publish(new StepProgress(command.runId(), command.stepId(), command.attempt(), message), trace)
                .exceptionally(e -> {
                    LOG.warnf(
                            "run %s: a progress event of %s was not published: %s",
                            command.runId(), command.stepId(), e.getMessage());
                    return null;
                });
    }

    /**
     * Publishes the event, trying again until the broker has it; false only when the service stops first,
     * in which case the command stays unacknowledged and comes back.
     */
    boolean untilTaken(RunEvent first, Context trace) {
        AtomicReference<RunEvent> event = new AtomicReference<>(first);
        try {
            Deadline.unbounded(stopping)
                    .until(
                            "the broker to take " + first.getClass().getSimpleName() + " of run " + first.runId(),
                            RETRY_PAUSE,
                            () -> {
                                try {
                                    publisher
                                            .publish(event.get(), trace)
                                            .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                                    return Poll.done(Boolean.TRUE);
                                } catch (ExecutionException | TimeoutException e) {
                                    publishFailures.increment();
                                    Throwable cause = e.getCause() == null ? e : e.getCause();
                                    if (cause instanceof RecordTooLargeException && carriesEvidence(event.get())) {
                                        event.set(tooLarge(event.get(), cause));
                                    }
                                    LOG.warnf(
                                            "publishing %s of run %s failed (%s); trying again",
                                            event.get().getClass().getSimpleName(),
                                            event.get().runId(),
                                            cause.getMessage());
                                    return Poll.pending(String.valueOf(cause.getMessage()));
                                }
                            });
            return true;
        } catch (CancelledException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean carriesEvidence(RunEvent event) {
        return event instanceof StepSucceeded || event instanceof StepFailed failed && failed.evidence() != null;
    }

    /** An outcome whose evidence the broker refuses as too large becomes a failure that says so, without it. */
    private static StepFailed tooLarge(RunEvent event, Throwable cause) {
        StepEvent step = (StepEvent) event;
        LOG.errorf(
                "run %s: the outcome of %s is too large to publish: %s",
                event.runId(), step.stepId(), cause.getMessage());
        return new StepFailed(
                event.runId(),
                step.stepId(),
                step.attempt(),
                "the step's evidence is too large to publish (" + cause.getMessage()
                        + "); raise the producer's max.request.size and the topic's max.message.bytes",
                false);
    }
}
