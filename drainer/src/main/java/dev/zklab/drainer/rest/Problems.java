package dev.zklab.drainer.rest;

import dev.zklab.clusters.UnknownClusterException;
import dev.zklab.drainer.drill.NoEnsembleException;
import dev.zklab.drainer.plan.InvalidDrillException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The drainer API's errors as RFC 9457 problems that say what was wrong and what to do. */
public class Problems {

    @ServerExceptionMapper
    public Response invalidDrill(InvalidDrillException e) {
        return problem(400, "invalid-drill", "Invalid drill", e.getMessage(), e.problems());
    }

    @ServerExceptionMapper
    public Response noEnsemble(NoEnsembleException e) {
        return problem(404, "no-ensemble", "No ensemble to drill", e.getMessage(), List.of());
    }

    @ServerExceptionMapper
    public Response unknownCluster(UnknownClusterException e) {
        return problem(404, "unknown-cluster", "Unknown cluster", e.getMessage(), List.of());
    }

    private static Response problem(int status, String type, String title, String detail, List<String> errors) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "https://zklab.dev/problems/" + type);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        if (!errors.isEmpty()) {
            problem.put("errors", errors);
        }
        return Response.status(status).type("application/problem+json").entity(problem).build();
    }
}
