package dev.zklab.support.kubernetes;

import java.util.List;

/** A step refused before it changed anything: the namespace holds objects of an ensemble that is not the run's. */
public class EnsembleNotOursException extends IllegalStateException {

    private final List<String> problems;

    public EnsembleNotOursException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
