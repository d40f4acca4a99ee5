package dev.zklab.drainer.drain;

/** kubectl's filters refuse a pod of the node, so nothing of it is evicted; the message names the pods and the override. */
public class DrainRefusedException extends RuntimeException {

    public DrainRefusedException(String message) {
        super(message);
    }
}
