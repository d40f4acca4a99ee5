package dev.zklab.common.api;

import jakarta.ws.rs.core.Response;

/** A service's error answer: a {@link Problem} with its status and media type. */
public final class ProblemResponse {

    private ProblemResponse() {
    }

    public static Response of(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
