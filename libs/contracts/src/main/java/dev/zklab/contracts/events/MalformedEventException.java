package dev.zklab.contracts.events;

/** A message is not a zklab CloudEvent; it goes to the dead-letter topic. */
public class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
