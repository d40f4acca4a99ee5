package dev.zklab.gateway.relay;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The drainer's preflight (its PreflightResource), called with the caller's own credentials. */
@RegisterRestClient(configKey = "drainer")
@Path("/api/drain-preflight")
public interface DrainerClient {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode preflight(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, JsonNode request);

    @ClientExceptionMapper
    static RuntimeException answered(Response answer) {
        return new ServiceAnswered("the drainer", answer);
    }
}
