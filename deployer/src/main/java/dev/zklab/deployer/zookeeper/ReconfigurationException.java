package dev.zklab.deployer.zookeeper;

/** A reconfiguration that did not complete; the message names the member and what to check. */
public class ReconfigurationException extends RuntimeException {

    public ReconfigurationException(String message) {
        super(message);
    }

    public ReconfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
