package dev.zklab.deployer.zookeeper;

/** A scale target zklab will not try, with the reason. Nothing was changed. */
public class ScaleRefusedException extends RuntimeException {

    public ScaleRefusedException(String message) {
        super(message);
    }
}
