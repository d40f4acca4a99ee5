package dev.zklab.gateway.rest;

import dev.zklab.common.run.RunSpec;
import dev.zklab.gateway.GatewayConfig;
import dev.zklab.gateway.orchestration.RunCoordinator;
import dev.zklab.gateway.orchestration.UnknownRunException;
import dev.zklab.gateway.report.ReportPage;
import dev.zklab.gateway.report.ReportText;
import dev.zklab.gateway.report.RunReport;
import dev.zklab.gateway.runs.FieldError;
import dev.zklab.gateway.runs.RunProjection;
import dev.zklab.gateway.runs.RunSpecValidator;
import dev.zklab.gateway.runs.RunStatus;
import dev.zklab.gateway.runs.RunUpdate;
import dev.zklab.gateway.runs.RunView;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** The run API: start, list, follow, cancel and report runs. Translates HTTP to the coordinator and back. */
@Path("/api/runs")
@Tag(name = "runs")
public class RunResource {

    private final RunCoordinator coordinator;
    private final GatewayConfig config;

    public RunResource(RunCoordinator coordinator, GatewayConfig config) {
        this.coordinator = coordinator;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Start a run", description = "An empty object {} runs the whole lab on a new local cluster. "
            + "The same Idempotency-Key returns the same run.")
    public Response create(RunSpec spec, @HeaderParam("Idempotency-Key") String idempotencyKey, @Context UriInfo uri) {
        List<FieldError> errors = RunSpecValidator.validate(spec);
        if (!errors.isEmpty()) {
            return Problem.response(Response.Status.BAD_REQUEST, "Invalid run spec",
                    errors.size() + " field(s) need fixing", errors);
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
            return Problem.response(Response.Status.BAD_REQUEST, "Invalid Idempotency-Key",
                    "the Idempotency-Key header must be 1 to 200 characters", List.of());
        }
        RunView run = coordinator.create(spec, idempotencyKey);
        return Response.accepted(run).location(uri.getBaseUriBuilder().path("api/runs").path(run.id()).build()).build();
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "List runs, newest first")
    public Response list(@QueryParam("state") String state, @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("20") int size) {
        List<FieldError> errors = new ArrayList<>();
        Optional<RunStatus> status = Optional.empty();
        if (state != null) {
            try {
                status = Optional.of(RunStatus.valueOf(state.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("state", "unknown state '" + state + "'; use one of " + Arrays.toString(RunStatus.values())));
            }
        }
        if (page < 0) {
            errors.add(new FieldError("page", "must be 0 or more"));
        }
        if (size < 1 || size > config.maxPageSize()) {
            errors.add(new FieldError("size", "must be from 1 to " + config.maxPageSize()));
        }
        if (!errors.isEmpty()) {
            return Problem.response(Response.Status.BAD_REQUEST, "Invalid query", "fix the query parameters", errors);
        }
        RunProjection.Page result = coordinator.list(status, page, size);
        return Response.ok(result).build();
    }

    @GET
    @Path("{id}")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "A run: its state and every step with status, attempts, times, evidence and failure reason")
    public RunView get(@PathParam("id") String id) {
        return coordinator.view(id).orElseThrow(() -> new UnknownRunException(id));
    }

    @POST
    @Path("{id}/cancel")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Cancel a run; its cleanup steps still run")
    public Response cancel(@PathParam("id") String id) {
        return Response.accepted(coordinator.cancel(id, "cancelled by a client")).build();
    }

    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Follow a run live: its events so far, then each new one, until the run ends")
    public Multi<RunUpdate> events(@PathParam("id") String id) {
        coordinator.view(id).orElseThrow(() -> new UnknownRunException(id));
        return Multi.createFrom().emitter(emitter -> {
            RunCoordinator.Subscription subscription = coordinator.follow(id, emitter::emit, emitter::complete);
            subscription.history().forEach(emitter::emit);
            if (subscription.ended()) {
                emitter.complete();
            }
            emitter.onTermination(subscription.cancel());
        });
    }

    @GET
    @Path("{id}/report")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "The run's report, for machines")
    public RunReport report(@PathParam("id") String id) {
        RunView run = get(id);
        return RunReport.of(run, coordinator.history(id));
    }

    @GET
    @Path("{id}/report")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The run's report, for people")
    public String reportPage(@PathParam("id") String id) {
        return ReportPage.render(report(id));
    }

    @GET
    @Path("{id}/report")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "The run's report, for a terminal")
    public String reportText(@PathParam("id") String id) {
        return ReportText.render(report(id));
    }
}
