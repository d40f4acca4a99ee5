package dev.zklab.steps;

import dev.zklab.contracts.events.RunEvent;
import io.opentelemetry.context.Context;
import java.util.concurrent.CompletableFuture;

/**
 * Where a step service's lifecycle events go: the future completes once the broker has the event. The
 * event carries the trace of the step that sent it (its span in {@code trace}; none with tracing off).
 */
@FunctionalInterface
public interface EventSink {

    CompletableFuture<Void> publish(RunEvent event, Context trace);
}
