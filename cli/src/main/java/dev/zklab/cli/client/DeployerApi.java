package dev.zklab.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The deployer's dry run (see its ManifestResource): the manifests an ensemble spec renders to. */
@Path("/api/manifests")
public interface DeployerApi {

    /** The manifests, as YAML, of this ensemble spec (a run spec's {@code ensemble}). */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces("application/yaml")
    String manifests(JsonNode ensemble);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return ApiException.of("the deployer", response);
    }
}
