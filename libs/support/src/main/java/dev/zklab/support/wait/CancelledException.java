package dev.zklab.support.wait;

/** The run was cancelled (or the thread interrupted) while work waited; what was done so far stays. */
public class CancelledException extends RuntimeException {

    public CancelledException(String message) {
        super(message);
    }
}
