package dev.zklab.clusters.gke;

/** GKE refused or could not be asked; the message says what to fix. */
public class GkeException extends RuntimeException {
    public GkeException(String message) {
        super(message);
    }

    public GkeException(String message, Throwable cause) {
        super(message, cause);
    }
}
