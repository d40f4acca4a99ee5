package dev.zklab.steps;

import dev.zklab.common.events.RunEvent;
import java.util.concurrent.CompletableFuture;

/** Where a step service's lifecycle events go: the future completes once the broker has the event. */
@FunctionalInterface
public interface EventSink {

    CompletableFuture<Void> publish(RunEvent event);
}
