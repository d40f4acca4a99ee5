package dev.zklab.deployer.model;

import java.util.List;

/** An ensemble spec zklab refuses before applying anything; the message lists each problem and its fix. */
public class InvalidEnsembleException extends RuntimeException {

    private final List<String> problems;

    public InvalidEnsembleException(List<String> problems) {
        super("invalid ensemble: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
