package dev.zklab.drainer.rest;

import dev.zklab.clusters.UnknownClusterException;
import dev.zklab.common.api.Problem;
import dev.zklab.common.api.ProblemResponse;
import dev.zklab.common.run.FieldError;
import dev.zklab.drainer.preflight.NoEnsembleException;
import dev.zklab.drainer.plan.InvalidDrillException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The drainer API's errors as RFC 9457 problems that say what was wrong and what to do. */
public class Problems {

    @ServerExceptionMapper
    public Response invalidDrill(InvalidDrillException e) {
        // Every problem of a drill is with the drain step's parameters; each message names the one.
        return problem(400, "invalid-drill", "Invalid drill", e.getMessage(),
                e.problems().stream().map(p -> new FieldError("params", p)).toList());
    }

    @ServerExceptionMapper
    public Response noEnsemble(NoEnsembleException e) {
        return problem(404, "no-ensemble", "No ensemble to drill", e.getMessage(), List.of());
    }

    @ServerExceptionMapper
    public Response unknownCluster(UnknownClusterException e) {
        return problem(404, "unknown-cluster", "Unknown cluster", e.getMessage(), List.of());
    }

    private static Response problem(int status, String type, String title, String detail, List<FieldError> errors) {
        return ProblemResponse.of(new Problem("https://zklab.dev/problems/" + type, title, status, detail,
                errors.isEmpty() ? null : errors));
    }
}
