package dev.zklab.gateway.rest;

import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.zklab.contracts.run.FieldError;
import dev.zklab.gateway.eventlog.EventLogUnavailableException;
import dev.zklab.gateway.orchestration.IdempotencyConflictException;
import dev.zklab.gateway.orchestration.NamespaceInUseException;
import dev.zklab.gateway.orchestration.NotReadyException;
import dev.zklab.gateway.orchestration.RunAlreadyEndedException;
import dev.zklab.gateway.orchestration.UnknownRunException;
import dev.zklab.gateway.relay.ServiceAnswered;
import dev.zklab.gateway.relay.ServiceUnreachableException;
import dev.zklab.gateway.report.NothingToCompareException;
import dev.zklab.support.rest.ProblemResponse;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every error a client can cause into a problem+json answer that says what to fix; never a 500 for bad input. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response malformedJson(StreamReadException e) {
        String where = e.getLocation() == null
                ? ""
                : " (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")";
        return ProblemResponse.of(
                Response.Status.BAD_REQUEST,
                "Malformed JSON",
                "the body is not valid JSON: " + e.getOriginalMessage() + where);
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return e instanceof UnrecognizedPropertyException unknown ? unknownField(unknown) : wrongType(e);
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        String field = path(e);
        return ProblemResponse.of(
                Response.Status.BAD_REQUEST,
                "Invalid run spec",
                "unknown field '" + field + "'",
                List.of(new FieldError(field, "unknown field; known here: " + e.getKnownPropertyIds())));
    }

    @ServerExceptionMapper
    public Response wrongType(JsonMappingException e) {
        String field = path(e);
        String message = e.getOriginalMessage().lines().findFirst().orElse("wrong type");
        if (field.isEmpty()) {
            return ProblemResponse.of(
                    Response.Status.BAD_REQUEST,
                    "Invalid run spec",
                    "the body must be a JSON object (a run spec): " + message);
        }
        return ProblemResponse.of(
                Response.Status.BAD_REQUEST,
                "Invalid run spec",
                "a field has the wrong type",
                List.of(new FieldError(field, message)));
    }

    /** A query or header parameter that breaks its declared constraint, named as the API names it. */
    @ServerExceptionMapper
    public Response invalidParameters(ResteasyReactiveViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(parameter(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
        return ProblemResponse.of(
                Response.Status.BAD_REQUEST, "Invalid request", errors.size() + " parameter(s) need fixing", errors);
    }

    /** The API's name of a violated method parameter: its Java name, but for the Idempotency-Key header. */
    private static String parameter(ConstraintViolation<?> violation) {
        String name = "";
        for (Path.Node node : violation.getPropertyPath()) {
            name = node.getName();
        }
        return name.equals("idempotencyKey") ? RunResource.IDEMPOTENCY_KEY : name;
    }

    @ServerExceptionMapper
    public Response unknownRun(UnknownRunException e) {
        return ProblemResponse.of(Response.Status.NOT_FOUND, "Run not found", e.getMessage());
    }

    @ServerExceptionMapper
    public Response nothingToCompare(NothingToCompareException e) {
        return ProblemResponse.of(
                Response.Status.BAD_REQUEST,
                "Invalid request",
                "nothing to compare",
                List.of(new FieldError("compare", e.getMessage())));
    }

    @ServerExceptionMapper
    public Response ended(RunAlreadyEndedException e) {
        return ProblemResponse.of(Response.Status.CONFLICT, "Run already ended", e.getMessage());
    }

    @ServerExceptionMapper
    public Response idempotency(IdempotencyConflictException e) {
        return ProblemResponse.of(Response.Status.CONFLICT, "Idempotency-Key reused", e.getMessage());
    }

    @ServerExceptionMapper
    public Response namespaceInUse(NamespaceInUseException e) {
        return ProblemResponse.of(Response.Status.CONFLICT, "Namespace in use", e.getMessage());
    }

    @ServerExceptionMapper
    public Response notReady(NotReadyException e) {
        return Response.fromResponse(
                        ProblemResponse.of(Response.Status.SERVICE_UNAVAILABLE, "Not ready", e.getMessage()))
                .header("Retry-After", "2")
                .build();
    }

    @ServerExceptionMapper
    public Response eventLogDown(EventLogUnavailableException e) {
        LOG.error(e.getMessage(), e);
        return Response.fromResponse(
                        ProblemResponse.of(Response.Status.SERVICE_UNAVAILABLE, "Kafka unavailable", e.getMessage()))
                .header("Retry-After", "5")
                .build();
    }

    /** A step service's own answer to a relayed preview: its problem says what to fix, unchanged. */
    @ServerExceptionMapper
    public Response serviceAnswered(ServiceAnswered e) {
        return e.answer();
    }

    @ServerExceptionMapper
    public Response serviceUnreachable(ServiceUnreachableException e) {
        LOG.warn(e.getMessage());
        return Response.fromResponse(
                        ProblemResponse.of(Response.Status.SERVICE_UNAVAILABLE, "Service unreachable", e.getMessage()))
                .header("Retry-After", "5")
                .build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        Throwable cause = e.getCause();
        if (cause instanceof StreamReadException parse) {
            return malformedJson(parse);
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return unknownField(unknown);
        }
        if (cause instanceof JsonMappingException mapping) {
            return wrongType(mapping);
        }
        return ProblemResponse.of(
                Response.Status.fromStatusCode(status) == null
                        ? Response.Status.BAD_REQUEST
                        : Response.Status.fromStatusCode(status),
                e.getResponse().getStatusInfo().getReasonPhrase(),
                e.getMessage());
    }

    private static String path(JsonMappingException e) {
        if (e.getPath().isEmpty()) {
            return "";
        }
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }
}
