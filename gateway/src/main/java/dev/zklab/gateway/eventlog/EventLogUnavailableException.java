package dev.zklab.gateway.eventlog;

/** Kafka did not take an event: nothing was changed, and the client may retry. */
public class EventLogUnavailableException extends RuntimeException {
    public EventLogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
