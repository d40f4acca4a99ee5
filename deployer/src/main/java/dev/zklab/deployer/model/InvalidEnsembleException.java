package dev.zklab.deployer.model;

import dev.zklab.contracts.run.FieldError;
import java.util.List;
import java.util.stream.Collectors;

/** An ensemble spec zklab refuses before applying anything; the message lists each problem and its fix. */
public class InvalidEnsembleException extends RuntimeException {

    private final List<FieldError> problems;

    public InvalidEnsembleException(List<FieldError> problems) {
        super("invalid ensemble: "
                + problems.stream().map(p -> p.field() + ": " + p.message()).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<FieldError> problems() {
        return problems;
    }
}
