package dev.zklab.cli.client;

import dev.zklab.common.cluster.ClusterRef;
import dev.zklab.common.evidence.DrainEvidence;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** The drainer's preflight (see its PreflightResource): what each drain of a drill would do, touching nothing. */
@Path("/api/drain-preflight")
public interface DrainerApi {

    /** The preflight's request: the cluster, the ensemble's namespace, and the drain step's parameters. */
    record PreflightRequest(ClusterRef cluster, String namespace, Map<String, String> params) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    DrainEvidence preflight(PreflightRequest request);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return ApiException.of("the drainer", response);
    }
}
