package dev.zklab.gateway.relay;

import jakarta.ws.rs.core.Response;

/** A step service answered the gateway's relayed request with an error: passed on to the caller as it is. */
public class ServiceAnswered extends RuntimeException {

    private final int status;
    private final String mediaType;
    private final String body;

    public ServiceAnswered(String service, Response answer) {
        super(service + " answered " + answer.getStatus());
        this.status = answer.getStatus();
        this.mediaType =
                answer.getMediaType() == null ? null : answer.getMediaType().toString();
        this.body = answer.hasEntity() ? answer.readEntity(String.class) : "";
    }

    /** The service's answer, status, media type and body unchanged (a problem+json says what to fix). */
    public Response answer() {
        return Response.status(status).type(mediaType).entity(body).build();
    }
}
