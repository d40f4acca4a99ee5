package dev.zklab.support.rest;

import dev.zklab.contracts.api.Problem;
import dev.zklab.contracts.run.FieldError;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** A service's error answer: a {@link Problem} with its status and media type — the one way every service makes one. */
public final class ProblemResponse {

    private ProblemResponse() {}

    public static Response of(Problem problem) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem)
                .build();
    }

    /** A problem of the given status and title (its type follows from the title), naming each bad field. */
    public static Response of(Response.Status status, String title, String detail, List<FieldError> errors) {
        return of(Problem.of(status.getStatusCode(), title, detail, errors));
    }

    public static Response of(Response.Status status, String title, String detail) {
        return of(status, title, detail, List.of());
    }
}
