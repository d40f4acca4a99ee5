package dev.zklab.verifier.check;

import dev.zklab.contracts.evidence.Check;
import java.util.List;
import java.util.stream.Collectors;

/** The checks of one verification, in the order they ran. */
public record Verification(List<Check> checks) {

    public Verification {
        checks = List.copyOf(checks);
    }

    public List<Check> failed() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }

    public boolean passed() {
        return failed().isEmpty();
    }

    /** The failed checks as one sentence for a step's failure reason, e.g. "2 of 14 checks failed: one-leader: ...". */
    public String failureSummary() {
        return failed().size() + " of " + checks.size() + " checks failed: "
                + failed().stream().map(c -> c.name() + ": " + c.message()).collect(Collectors.joining("; "));
    }

    public Check check(String name) {
        return checks.stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no check named " + name + " in " + names()));
    }

    public List<String> names() {
        return checks.stream().map(Check::name).toList();
    }
}
