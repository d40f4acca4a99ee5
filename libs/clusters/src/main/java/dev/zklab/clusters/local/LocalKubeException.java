package dev.zklab.clusters.local;

/** A localkube command failed; the message says which one and why. */
public class LocalKubeException extends RuntimeException {
    public LocalKubeException(String message) {
        super(message);
    }
}
