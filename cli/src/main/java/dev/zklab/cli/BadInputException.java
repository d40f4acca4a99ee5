package dev.zklab.cli;

/** Input the CLI refuses before asking anything: a file it cannot read, a --set it cannot apply, an unknown run. */
public class BadInputException extends RuntimeException {

    public BadInputException(String message) {
        super(message);
    }
}
