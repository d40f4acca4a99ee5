package dev.zklab.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.zklab.contracts.api.PreflightRequest;
import dev.zklab.contracts.api.Problem;
import dev.zklab.contracts.evidence.DrainEvidence;
import dev.zklab.contracts.run.EnsembleSpec;
import dev.zklab.contracts.security.Roles;
import dev.zklab.gateway.GatewayConfig;
import dev.zklab.gateway.relay.DeployerClient;
import dev.zklab.gateway.relay.DrainerClient;
import dev.zklab.gateway.relay.ServiceUnreachableException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * What a run would do, touching nothing, through the one front door: the deployer's dry run (the manifests an ensemble
 * renders to) and the drainer's preflight (what each drain of a drill would do). Each is relayed with the caller's own
 * credentials, so the service checks them too, and its answer (a problem+json included) comes back as it is: a client
 * needs the gateway's address, token and certificate alone.
 */
@Path("/api")
@Tag(name = "previews")
public class PreviewResource {

    static final String YAML = "application/yaml";

    private final DeployerClient deployer;
    private final DrainerClient drainer;
    private final GatewayConfig config;

    public PreviewResource(
            @RestClient DeployerClient deployer, @RestClient DrainerClient drainer, GatewayConfig config) {
        this.deployer = deployer;
        this.drainer = drainer;
        this.config = config;
    }

    @POST
    @Path("manifests")
    @RolesAllowed(Roles.VIEWER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({YAML, Problem.MEDIA_TYPE})
    @Operation(
            summary = "The manifests an ensemble renders to, applying nothing (the deployer's dry run)",
            description =
                    "The body is a run spec's ensemble ({} for the lab's). The YAML is exactly what the deploy step"
                            + " applies: Services, PodDisruptionBudget, ConfigMap, StatefulSet.")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = EnsembleSpec.class)))
    @APIResponse(responseCode = "503", description = "The deployer cannot be reached")
    public String manifests(JsonNode ensemble, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        JsonNode body = ensemble == null ? JsonNodeFactory.instance.objectNode() : ensemble;
        return relay(
                "the deployer",
                config.deployerUrl(),
                "zklab.gateway.deployer-url (ZKLAB_GATEWAY_DEPLOYER_URL)",
                () -> deployer.manifests(authorization, body));
    }

    @POST
    @Path("drain-preflight")
    @RolesAllowed(Roles.VIEWER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "What each drain of a drill would do, touching nothing (the drainer's preflight)",
            description =
                    "For each drain of the plan (params.plan; none: the lab's drill), every pod on the node and its"
                            + " fate: moves (where to), stays Pending (why), blocked by its PodDisruptionBudget, skipped or refused.")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = PreflightRequest.class)))
    @APIResponse(
            responseCode = "200",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = DrainEvidence.class)))
    @APIResponse(responseCode = "503", description = "The drainer cannot be reached")
    public JsonNode preflight(JsonNode request, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        JsonNode body = request == null ? JsonNodeFactory.instance.objectNode() : request;
        return relay(
                "the drainer",
                config.drainerUrl(),
                "zklab.gateway.drainer-url (ZKLAB_GATEWAY_DRAINER_URL)",
                () -> drainer.preflight(authorization, body));
    }

    /** The service's answer; one that cannot be reached is a 503 naming it, its address and the setting that moves it. */
    private static <T> T relay(String service, String url, String setting, Supplier<T> call) {
        try {
            return call.get();
        } catch (ProcessingException e) {
            throw new ServiceUnreachableException(service, url, setting, e.getCause() == null ? e : e.getCause());
        }
    }
}
