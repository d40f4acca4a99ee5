package dev.zklab.gateway.rest;

import dev.zklab.common.api.Problem;
import dev.zklab.common.api.ProblemResponse;
import dev.zklab.common.run.FieldError;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** The gateway's error answers: a {@link Problem} with its status and media type. */
final class Problems {

    private Problems() {
    }

    static Response response(Response.Status status, String title, String detail, List<FieldError> errors) {
        return ProblemResponse.of(Problem.of(status.getStatusCode(), title, detail, errors));
    }

    static Response response(Response.Status status, String title, String detail) {
        return response(status, title, detail, List.of());
    }
}
