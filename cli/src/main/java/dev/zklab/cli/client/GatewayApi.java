package dev.zklab.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zklab.common.api.RunPage;
import dev.zklab.common.api.RunUpdate;
import dev.zklab.common.api.RunView;
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

/** The gateway's run API (see the gateway's RunResource), as the CLI calls it: typed with the API's own records. */
@Path("/api/runs")
public interface GatewayApi {

    /** Starts a run of this spec ({@code {}}: the whole lab); the gateway validates it. {@code idempotencyKey} may be null. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    RunView create(JsonNode spec, @HeaderParam("Idempotency-Key") String idempotencyKey);

    /** Runs, newest first; {@code state} may be null (any). */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    RunPage list(@QueryParam("state") String state, @QueryParam("page") int page, @QueryParam("size") int size);

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    RunView get(@PathParam("id") String id);

    @POST
    @Path("{id}/cancel")
    @Produces(MediaType.APPLICATION_JSON)
    RunView cancel(@PathParam("id") String id);

    /** The run's events so far, then each new one, until the run ends. */
    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    Multi<RunUpdate> events(@PathParam("id") String id);

    /** The report for machines; {@code compare} (may be null) puts that run's drill beside this one's. */
    @GET
    @Path("{id}/report")
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode report(@PathParam("id") String id, @QueryParam("compare") String compare);

    /** The report for a terminal. */
    @GET
    @Path("{id}/report")
    @Produces(MediaType.TEXT_PLAIN)
    String reportText(@PathParam("id") String id, @QueryParam("compare") String compare);

    /** The report page, for people. */
    @GET
    @Path("{id}/report")
    @Produces(MediaType.TEXT_HTML)
    String reportPage(@PathParam("id") String id, @QueryParam("compare") String compare);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return ApiException.of("the gateway", response);
    }
}
