package dev.zklab.gateway.report;

/** A report was asked to compare its drill with a run that has none to show. */
public class NothingToCompareException extends RuntimeException {

    public NothingToCompareException(String message) {
        super(message);
    }
}
