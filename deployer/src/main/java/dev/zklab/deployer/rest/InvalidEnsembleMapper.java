package dev.zklab.deployer.rest;

import dev.zklab.deployer.model.InvalidEnsembleException;
import dev.zklab.support.rest.ProblemResponse;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** An invalid ensemble spec answers 400 with an RFC 9457 problem listing each problem and its fix. */
@Provider
public class InvalidEnsembleMapper implements ExceptionMapper<InvalidEnsembleException> {

    @Override
    public Response toResponse(InvalidEnsembleException e) {
        return ProblemResponse.of(Response.Status.BAD_REQUEST, "Invalid ensemble spec", e.getMessage(), e.problems());
    }
}
