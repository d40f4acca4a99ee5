package dev.zklab.gateway.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The JSON Schemas of what the API answers, at stable URLs, for clients that check what they read. */
@Path("/api/schemas")
@PermitAll
public class SchemaResource {

    /** The one place the report's schema lives (a resource of the gateway, tested against every report). */
    public static final String RUN_REPORT = "schemas/run-report.schema.json";

    private final String runReport = read(RUN_REPORT);

    @GET
    @Path("run-report.json")
    @Produces("application/schema+json")
    @Operation(summary = "The JSON Schema of GET /api/runs/{id}/report (application/json)")
    public String runReport() {
        return runReport;
    }

    private static String read(String resource) {
        try (InputStream in = SchemaResource.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the gateway was built without " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
