package dev.zklab.drainer.plan;

import java.util.List;

/** A drill the drainer refuses before touching anything; the message names every problem and what to give. */
public class InvalidDrillException extends IllegalArgumentException {

    private final List<String> problems;

    public InvalidDrillException(List<String> problems) {
        super("invalid drill: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
