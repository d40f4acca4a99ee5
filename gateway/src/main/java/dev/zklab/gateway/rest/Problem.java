package dev.zklab.gateway.rest;

import dev.zklab.common.run.FieldError;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** An RFC 9457 problem detail ({@code application/problem+json}); {@code errors} names each bad field. */
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Response response(Response.Status status, String title, String detail, List<FieldError> errors) {
        return Response.status(status)
                .type(MEDIA_TYPE)
                .entity(new Problem("about:blank", title, status.getStatusCode(), detail, errors.isEmpty() ? null : errors))
                .build();
    }

    public static Response response(Response.Status status, String title, String detail) {
        return response(status, title, detail, List.of());
    }
}
