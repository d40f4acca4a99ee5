package dev.zklab.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zklab.contracts.api.Problem;
import dev.zklab.contracts.run.FieldError;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An error answer of a zklab API: who answered, the status, and the problem it described (RFC 9457), read
 * tolerantly: an answer that is not a problem (a proxy's page, say) keeps its first line as the detail.
 */
public class ApiException extends RuntimeException {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String service;
    private final Problem problem;

    public ApiException(String service, Problem problem) {
        super(service + " answered " + problem.status() + " " + problem.title()
                + (problem.detail() == null ? "" : ": " + problem.detail()));
        this.service = service;
        this.problem = problem;
    }

    /** The error answer {@code service} gave: its problem, or its body's first line. */
    public static ApiException of(String service, Response response) {
        String body = response.hasEntity() ? response.readEntity(String.class) : "";
        return new ApiException(
                service, problem(response.getStatus(), response.getStatusInfo().getReasonPhrase(), body));
    }

    /** The problem in an answer's body; any other body becomes the detail of a problem titled by the status. */
    static Problem problem(int status, String reason, String body) {
        try {
            JsonNode json = JSON.readTree(body);
            if (json != null && json.isObject() && (json.has("title") || json.has("detail"))) {
                List<FieldError> errors = new ArrayList<>();
                for (JsonNode error : json.path("errors")) {
                    // The drainer answered plain strings before its problems named fields.
                    errors.add(
                            error.isObject()
                                    ? new FieldError(
                                            error.path("field").asText(""),
                                            error.path("message").asText(""))
                                    : new FieldError("", error.asText()));
                }
                return new Problem(
                        json.path("type").asText("about:blank"),
                        json.path("title").asText(reason),
                        status,
                        json.hasNonNull("detail") ? json.get("detail").asText() : null,
                        errors);
            }
        } catch (IOException e) {
            // not JSON: the body's first line says what happened
        }
        String detail = body.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .findFirst()
                .orElse(null);
        return new Problem("about:blank", reason, status, detail, List.of());
    }

    /** Who answered (the gateway: the CLI talks to it alone). */
    public String service() {
        return service;
    }

    public Problem problem() {
        return problem;
    }

    public int status() {
        return problem.status();
    }

    /** Whether the request was wrong (4xx other than a conflict or a refusal of the caller): the caller's input to fix. */
    public boolean badInput() {
        return status() >= 400 && status() < 500 && status() != 409 && !notAllowed();
    }

    /** Whether the service refused the caller: no token it accepts (401), or a role that may not (403). */
    public boolean notAllowed() {
        return status() == 401 || status() == 403;
    }
}
