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

/** The deployer's dry run (its ManifestResource), called with the caller's own credentials. */
@RegisterRestClient(configKey = "deployer")
@Path("/api/manifests")
public interface DeployerClient {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces("application/yaml")
    String manifests(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, JsonNode ensemble);

    @ClientExceptionMapper
    static RuntimeException answered(Response answer) {
        return new ServiceAnswered("the deployer", answer);
    }
}
