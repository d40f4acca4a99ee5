package dev.zklab.drainer.preflight;

/** The namespace holds no ensemble to drill; the message says which step deploys one. */
public class NoEnsembleException extends IllegalStateException {

    public NoEnsembleException(String message) {
        super(message);
    }
}
