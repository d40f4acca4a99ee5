package dev.zklab.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zklab.contracts.api.PreflightRequest;
import dev.zklab.contracts.api.RunChange;
import dev.zklab.contracts.api.RunPage;
import dev.zklab.contracts.api.RunView;
import dev.zklab.contracts.evidence.DrainEvidence;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The gateway's API (its RunResource and PreviewResource), as the CLI calls it: typed with the API's own records. The
 * gateway is the CLI's one front door: the deployer's dry run and the drainer's preflight are reached through it.
 */
@Path("/api")
public interface GatewayApi {

    /** Starts a run of this spec ({@code {}}: the whole lab); the gateway validates it. {@code idempotencyKey} may be null. */
    @POST
    @Path("runs")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    RunView create(JsonNode spec, @HeaderParam("Idempotency-Key") String idempotencyKey);

    /** Runs, newest first; {@code state} and {@code idPrefix} (the start of an id) may each be null (any). */
    @GET
    @Path("runs")
    @Produces(MediaType.APPLICATION_JSON)
    RunPage list(
            @QueryParam("state") String state,
            @QueryParam("idPrefix") String idPrefix,
            @QueryParam("page") int page,
            @QueryParam("size") int size);

    @GET
    @Path("runs/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    RunView get(@PathParam("id") String id);

    @POST
    @Path("runs/{id}/cancel")
    @Produces(MediaType.APPLICATION_JSON)
    RunView cancel(@PathParam("id") String id);

    /** The run as it is, then after each event what changed, until the run ends. */
    @GET
    @Path("runs/{id}/changes")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    Multi<RunChange> changes(@PathParam("id") String id);

    /** The report for machines; {@code compare} (may be null) puts that run's drill beside this one's. */
    @GET
    @Path("runs/{id}/report")
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode report(@PathParam("id") String id, @QueryParam("compare") String compare);

    /** The report for a terminal. */
    @GET
    @Path("runs/{id}/report")
    @Produces(MediaType.TEXT_PLAIN)
    String reportText(@PathParam("id") String id, @QueryParam("compare") String compare);

    /** The report page, for people. */
    @GET
    @Path("runs/{id}/report")
    @Produces(MediaType.TEXT_HTML)
    String reportPage(@PathParam("id") String id, @QueryParam("compare") String compare);

    /** The manifests, as YAML, of this ensemble spec (a run spec's {@code ensemble}): the deployer's dry run. */
    @POST
    @Path("manifests")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces("application/yaml")
    String manifests(JsonNode ensemble);

    /** What each drain of a drill would do, touching nothing: the drainer's preflight. */
    @POST
    @Path("drain-preflight")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    DrainEvidence preflight(PreflightRequest request);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return ApiException.of("the gateway", response);
    }
}
