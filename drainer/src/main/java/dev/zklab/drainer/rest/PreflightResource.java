package dev.zklab.drainer.rest;

import dev.zklab.clusters.ClusterResolver;
import dev.zklab.contracts.api.PreflightRequest;
import dev.zklab.contracts.evidence.DrainEvidence;
import dev.zklab.contracts.security.Roles;
import dev.zklab.drainer.plan.DrillOptions;
import dev.zklab.drainer.preflight.Preflight;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * The drill's preflight on demand, like the deployer's dry run: what each drain of the plan would do to
 * the ensemble's pods, and why, without touching anything.
 */
@RolesAllowed(Roles.VIEWER)
@Path("/api/drain-preflight")
public class PreflightResource {

    private final ClusterResolver clusters;

    public PreflightResource(ClusterResolver clusters) {
        this.clusters = clusters;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public DrainEvidence preflight(PreflightRequest request) {
        if (request == null
                || request.cluster() == null
                || request.namespace() == null
                || request.namespace().isBlank()) {
            throw new BadRequestException(
                    "give cluster (e.g. {\"provider\": \"local\", \"name\": \"lab\"}) and namespace"
                            + " (the ensemble's), and optionally params (the drain step's, e.g. {\"plan\": \"drain zk-0\"})");
        }
        DrillOptions options = DrillOptions.of(request.params() == null ? Map.of() : request.params());
        try (KubernetesClient client = clusters.resolve(request.cluster())) {
            return Preflight.read(client, request.namespace(), options);
        }
    }
}
