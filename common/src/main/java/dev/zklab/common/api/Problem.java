package dev.zklab.common.api;

import dev.zklab.common.run.FieldError;
import java.util.List;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}), the one shape of every zklab API error;
 * {@code errors} names each bad field and what to do.
 */
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** A problem of no particular type; {@code errors} may be empty. */
    public static Problem of(int status, String title, String detail, List<FieldError> errors) {
        return new Problem("about:blank", title, status, detail, errors.isEmpty() ? null : List.copyOf(errors));
    }
}
