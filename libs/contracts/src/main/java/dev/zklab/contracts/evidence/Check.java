package dev.zklab.contracts.evidence;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One named check of a verification: what was expected, what was observed, whether it passed and,
 * when it did not, what is wrong and where to look.
 *
 * @param message null when the check passed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Check(String name, String expected, String observed, boolean passed, String message) {

    public static Check pass(String name, String expected, String observed) {
        return new Check(name, expected, observed, true, null);
    }

    public static Check fail(String name, String expected, String observed, String message) {
        return new Check(name, expected, observed, false, message);
    }

    /** Passes when {@code problems} is empty; else fails with the problems as its message. */
    public static Check of(String name, String expected, String observed, List<String> problems, String hint) {
        return problems.isEmpty()
                ? pass(name, expected, observed)
                : fail(name, expected, observed, String.join("; ", problems) + (hint == null ? "" : "; " + hint));
    }
}
