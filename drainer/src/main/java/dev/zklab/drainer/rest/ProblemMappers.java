package dev.zklab.drainer.rest;

import dev.zklab.clusters.UnknownClusterException;
import dev.zklab.contracts.run.FieldError;
import dev.zklab.drainer.plan.InvalidDrillException;
import dev.zklab.drainer.preflight.NoEnsembleException;
import dev.zklab.support.rest.ProblemResponse;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The drainer API's errors as RFC 9457 problems that say what was wrong and what to do. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response invalidDrill(InvalidDrillException e) {
        // Every problem of a drill is with the drain step's parameters; each message names the one.
        return ProblemResponse.of(
                Response.Status.BAD_REQUEST,
                "Invalid drill",
                e.getMessage(),
                e.problems().stream().map(p -> new FieldError("params", p)).toList());
    }

    @ServerExceptionMapper
    public Response noEnsemble(NoEnsembleException e) {
        return ProblemResponse.of(Response.Status.NOT_FOUND, "No ensemble to drill", e.getMessage());
    }

    @ServerExceptionMapper
    public Response unknownCluster(UnknownClusterException e) {
        return ProblemResponse.of(Response.Status.NOT_FOUND, "Unknown cluster", e.getMessage());
    }
}
