package dev.zklab.gateway.eventlog;

import dev.zklab.contracts.events.CloudEvent;
import io.opentelemetry.context.Context;

/**
 * Where the gateway writes: the events topic (its history) and the step services' command topics. Each record
 * carries the run's trace context ({@code trace}'s span; none with tracing off).
 */
public interface EventStore {

    /** Writes an event to the events topic; returns once the broker has it, or throws {@link EventLogUnavailableException}. */
    void append(CloudEvent event, Context trace);

    /** Sends an envelope to a service's command topic; returns once the broker has it. */
    void command(String topic, CloudEvent event, Context trace);
}
