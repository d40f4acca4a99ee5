package dev.zklab.deployer.rest;

import dev.zklab.deployer.model.InvalidEnsembleException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.Map;

/** An invalid ensemble spec answers 400 with an RFC 9457 problem listing each problem and its fix. */
@Provider
public class InvalidEnsembleMapper implements ExceptionMapper<InvalidEnsembleException> {

    @Override
    public Response toResponse(InvalidEnsembleException e) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "https://zklab.dev/problems/invalid-ensemble");
        problem.put("title", "Invalid ensemble spec");
        problem.put("status", 400);
        problem.put("detail", e.getMessage());
        problem.put("errors", e.problems());
        return Response.status(400).type("application/problem+json").entity(problem).build();
    }
}
