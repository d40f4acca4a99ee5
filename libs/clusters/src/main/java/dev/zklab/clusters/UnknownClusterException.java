package dev.zklab.clusters;

/** A {@link ClusterRef} names no cluster zklab can reach; the message says how to fix that. */
public class UnknownClusterException extends RuntimeException {
    public UnknownClusterException(String message) {
        super(message);
    }
}
