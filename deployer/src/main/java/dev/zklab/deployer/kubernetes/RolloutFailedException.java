package dev.zklab.deployer.kubernetes;

/** The ensemble did not reach the desired state in time; the message names the pod and why. */
public class RolloutFailedException extends RuntimeException {

    public RolloutFailedException(String message) {
        super(message);
    }
}
