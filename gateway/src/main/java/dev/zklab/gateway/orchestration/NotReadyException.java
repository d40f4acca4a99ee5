package dev.zklab.gateway.orchestration;

/** The gateway is still rebuilding its run history from the events topic. */
public class NotReadyException extends RuntimeException {
    public NotReadyException() {
        super("the gateway is rebuilding its run history from the events topic; retry in a few seconds");
    }
}
