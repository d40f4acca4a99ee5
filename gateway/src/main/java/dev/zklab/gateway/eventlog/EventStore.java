package dev.zklab.gateway.eventlog;

import dev.zklab.common.events.CloudEvent;

/** Where the gateway writes: the events topic (its history) and the step services' command topics. */
public interface EventStore {

    /** Writes an event to the events topic; returns once the broker has it, or throws {@link EventLogUnavailableException}. */
    void append(CloudEvent event);

    /** Sends an envelope to a service's command topic; returns once the broker has it. */
    void command(String topic, CloudEvent event);
}
