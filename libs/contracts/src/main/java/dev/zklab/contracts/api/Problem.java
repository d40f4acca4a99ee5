package dev.zklab.contracts.api;

import dev.zklab.contracts.run.FieldError;
import java.util.List;
import java.util.Locale;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}), the one shape of every zklab API error;
 * {@code errors} names each bad field and what to do. Every service's problems have one type scheme: {@link #TYPES}
 * followed by the title as a slug ({@code Run not found}: {@code https://zklab.dev/problems/run-not-found}), so a type
 * and its title always go together.
 */
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    /** Where zklab's problem types live. */
    public static final String TYPES = "https://zklab.dev/problems/";

    /** A problem whose type is its title's; {@code errors} may be empty. */
    public static Problem of(int status, String title, String detail, List<FieldError> errors) {
        return new Problem(typeOf(title), title, status, detail, errors.isEmpty() ? null : List.copyOf(errors));
    }

    /** {@code Invalid run spec}: {@code https://zklab.dev/problems/invalid-run-spec}. */
    public static String typeOf(String title) {
        return TYPES
                + title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }
}
