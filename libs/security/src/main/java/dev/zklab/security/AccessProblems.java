package dev.zklab.security;

import dev.zklab.contracts.security.Roles;
import dev.zklab.support.rest.ProblemResponse;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Answers a refused request with a problem+json that says what happened and what to do: 401 when there is no token
 * or it is not accepted (with {@code WWW-Authenticate: Bearer}), 403 when the caller's role may not. Never echoes a token.
 */
public class AccessProblems {

    private final SecurityIdentity identity;
    private final RefusedRequests refused;

    public AccessProblems(SecurityIdentity identity, RefusedRequests refused) {
        this.identity = identity;
        this.refused = refused;
    }

    @ServerExceptionMapper
    public Response noToken(UnauthorizedException e) {
        return missingToken();
    }

    @ServerExceptionMapper
    public Response badToken(AuthenticationFailedException e, HttpHeaders headers) {
        if (headers.getHeaderString(HttpHeaders.AUTHORIZATION) == null) {
            return missingToken();
        }
        return unauthorized(
                "invalid_token",
                "the bearer token was not accepted: it is neither a token of this service's tokens"
                        + " file nor a JWT that verifies (signature, issuer, expiry); ask whoever runs zklab for a new one");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, ResourceInfo resource, ContainerRequestContext request) {
        String needed = neededRole(resource)
                .map(role -> "it needs the " + role + " role")
                .orElse("its roles do not allow it");
        return ProblemResponse.of(
                Response.Status.FORBIDDEN,
                "Forbidden",
                caller() + " may not " + request.getMethod() + " "
                        + request.getUriInfo().getPath() + ": " + needed,
                List.of());
    }

    @ServerExceptionMapper
    public Response needsRole(NeedsRoleException e) {
        refused.count(RefusedRequests.Reason.FORBIDDEN);
        return ProblemResponse.of(
                Response.Status.FORBIDDEN, "Forbidden", caller() + " may not do this: " + e.getMessage(), e.fields());
    }

    private static Response missingToken() {
        return unauthorized(
                null,
                "this needs a bearer token: send 'Authorization: Bearer <token>' with a zklab API token"
                        + " (zklab tokens add makes one) or a JWT from your identity provider");
    }

    private static Response unauthorized(String error, String detail) {
        return Response.fromResponse(
                        ProblemResponse.of(Response.Status.UNAUTHORIZED, "Unauthorized", detail, List.of()))
                .header(HttpHeaders.WWW_AUTHENTICATE, error == null ? "Bearer" : "Bearer error=\"" + error + "\"")
                .build();
    }

    /** Who called, as the answer names them: their name and roles. */
    private String caller() {
        return identity.getPrincipal().getName() + " (" + String.join(", ", new TreeSet<>(identity.getRoles())) + ")";
    }

    /** The least zklab role the endpoint allows, from its {@link RolesAllowed}. */
    private static Optional<String> neededRole(ResourceInfo resource) {
        RolesAllowed allowed = resource.getResourceMethod() == null
                ? null
                : Optional.ofNullable(resource.getResourceMethod().getAnnotation(RolesAllowed.class))
                        .orElse(resource.getResourceClass().getAnnotation(RolesAllowed.class));
        if (allowed == null) {
            return Optional.empty();
        }
        return Roles.ALL.stream()
                .filter(role -> List.of(allowed.value()).contains(role))
                .findFirst();
    }
}
