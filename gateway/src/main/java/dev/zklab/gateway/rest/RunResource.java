package dev.zklab.gateway.rest;

import dev.zklab.contracts.api.Problem;
import dev.zklab.contracts.api.RunChange;
import dev.zklab.contracts.api.RunPage;
import dev.zklab.contracts.api.RunStatus;
import dev.zklab.contracts.api.RunUpdate;
import dev.zklab.contracts.api.RunView;
import dev.zklab.contracts.run.FieldError;
import dev.zklab.contracts.run.RunPrivileges;
import dev.zklab.contracts.run.RunSpec;
import dev.zklab.contracts.run.RunSpecValidator;
import dev.zklab.contracts.security.Roles;
import dev.zklab.gateway.orchestration.RunCoordinator;
import dev.zklab.gateway.orchestration.RunFollowing;
import dev.zklab.gateway.orchestration.UnknownRunException;
import dev.zklab.gateway.report.DrillFigures;
import dev.zklab.gateway.report.NothingToCompareException;
import dev.zklab.gateway.report.ReportPage;
import dev.zklab.gateway.report.ReportText;
import dev.zklab.gateway.report.RunReport;
import dev.zklab.security.NeedsRoleException;
import dev.zklab.support.rest.ProblemResponse;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The run API: start, list, follow, cancel and report runs. Translates HTTP to the coordinator and back; each endpoint
 * names the least role it needs (see {@link Roles}).
 */
@Path("/api/runs")
@Tag(name = "runs")
public class RunResource {

    /** The header that makes starting a run idempotent. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    /** The largest page of the run list. */
    public static final int MAX_PAGE_SIZE = 200;
    /** The run states a list may be filtered by ({@link RunStatus}, any case); RunApiIT keeps the two in step. */
    static final String STATES = "PENDING|RUNNING|CLEANING_UP|SUCCEEDED|FAILED|CANCELLED";

    private final RunCoordinator coordinator;
    private final RunFollowing following;
    private final SecurityIdentity caller;

    public RunResource(RunCoordinator coordinator, RunFollowing following, SecurityIdentity caller) {
        this.coordinator = coordinator;
        this.following = following;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "Start a run",
            description = "An empty object {} runs the whole lab on a new local cluster. "
                    + "The same Idempotency-Key returns the same run.")
    public Response create(
            RunSpec spec,
            @HeaderParam(IDEMPOTENCY_KEY)
                    @Size(max = 200, message = "must be 1 to 200 characters")
                    @Pattern(regexp = ".*\\S.*", message = "must not be blank")
                    String idempotencyKey,
            @Context UriInfo uri) {
        List<FieldError> errors = RunSpecValidator.validate(spec);
        if (!errors.isEmpty()) {
            return ProblemResponse.of(
                    Response.Status.BAD_REQUEST, "Invalid run spec", errors.size() + " field(s) need fixing", errors);
        }
        List<FieldError> adminOnly = RunPrivileges.adminOnly(spec);
        if (!adminOnly.isEmpty() && !caller.hasRole(Roles.ADMIN)) {
            throw new NeedsRoleException(
                    Roles.ADMIN,
                    String.join(", ", adminOnly.stream().map(FieldError::field).toList()),
                    adminOnly);
        }
        RunView run =
                coordinator.create(spec, idempotencyKey, caller.getPrincipal().getName());
        return Response.accepted(run)
                .location(
                        uri.getBaseUriBuilder().path("api/runs").path(run.id()).build())
                .build();
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "List runs, newest first",
            description = "idPrefix=4faec62f lists the runs whose id starts with it:"
                    + " how a client turns the short id people type into a run (one match: that run; more: ambiguous).")
    public RunPage list(
            @QueryParam("state") @Pattern(regexp = "(?i)" + STATES, message = "unknown state; use one of " + STATES)
                    String state,
            @QueryParam("idPrefix")
                    @Pattern(
                            regexp = "[0-9a-f-]{1,36}",
                            message = "must be the start of a run id: 1 to 36" + " characters of 0-9, a-f and -")
                    String idPrefix,
            @QueryParam("page") @DefaultValue("0") @PositiveOrZero(message = "must be 0 or more") int page,
            @QueryParam("size")
                    @DefaultValue("20")
                    @Min(value = 1, message = "must be from 1 to " + MAX_PAGE_SIZE)
                    @Max(value = MAX_PAGE_SIZE, message = "must be from 1 to " + MAX_PAGE_SIZE)
                    int size) {
        Optional<RunStatus> status = Optional.ofNullable(state).map(s -> RunStatus.valueOf(s.toUpperCase(Locale.ROOT)));
        return coordinator.list(status, Optional.ofNullable(idPrefix), page, size);
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Path("{id}")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "A run: its state and every step with status, attempts, times, evidence and failure reason")
    public RunView get(@PathParam("id") String id) {
        return coordinator.view(id).orElseThrow(() -> new UnknownRunException(id));
    }

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Path("{id}/cancel")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Cancel a run; its cleanup steps still run")
    public Response cancel(@PathParam("id") String id) {
        String user = caller.getPrincipal().getName();
        return Response.accepted(coordinator.cancel(id, "cancelled by " + user, user))
                .build();
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Follow a run live: its events so far, then each new one, until the run ends")
    public Multi<RunUpdate> events(@PathParam("id") String id) {
        return following.events(id);
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Path("{id}/changes")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Follow a run's state: the whole run first, then after each event its state and the steps that"
                    + " changed, until the run ends",
            description =
                    "What a live view needs without reading the run again: each"
                            + " change's fields replace the run's (the first carried), each step it carries replaces the step of that id.")
    public Multi<RunChange> changes(@PathParam("id") String id) {
        return following.changes(id);
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Path("{id}/report")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "The run's report, for machines",
            description = "compare=<run id> puts that run's drill beside this"
                    + " run's (say, the same drill without the PodDisruptionBudget).")
    public RunReport report(@PathParam("id") String id, @QueryParam("compare") String compare) {
        RunView run = get(id);
        RunReport report = RunReport.of(run, coordinator.history(id));
        if (compare == null || compare.isBlank()) {
            return report;
        }
        RunView other = coordinator
                .view(compare)
                .orElseThrow(() -> new NothingToCompareException(
                        "no run " + compare + " to compare with; give the id of a run whose drain step ran"));
        return report.comparedWith(
                DrillFigures.of(other)
                        .orElseThrow(
                                () -> new NothingToCompareException(
                                        "run " + compare
                                                + " has no drill with the probe's figures to compare with; give a run whose drain step succeeded")));
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Path("{id}/report")
    @Produces(MediaType.TEXT_HTML)
    @Operation(
            summary = "The run's report, for people",
            description = "compare=<run id> puts that run's drill and timeline beside this" + " run's.")
    public String reportPage(@PathParam("id") String id, @QueryParam("compare") String compare) {
        RunReport report = report(id, compare);
        return ReportPage.render(report, compare == null || compare.isBlank() ? null : get(compare));
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Path("{id}/report")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "The run's report, for a terminal")
    public String reportText(@PathParam("id") String id, @QueryParam("compare") String compare) {
        return ReportText.render(report(id, compare));
    }
}
