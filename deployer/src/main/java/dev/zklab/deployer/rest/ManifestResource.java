package dev.zklab.deployer.rest;

import dev.zklab.contracts.run.EnsembleSpec;
import dev.zklab.contracts.security.Roles;
import dev.zklab.deployer.model.EnsembleModel;
import dev.zklab.deployer.model.Manifests;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Dry run: the manifests an ensemble spec renders to, exactly as the deploy step applies them. */
@RolesAllowed(Roles.VIEWER)
@Path("/api/manifests")
public class ManifestResource {

    public static final String YAML = "application/yaml";
    /** Stands in for a run id: without ensemble.namespace the preview uses namespace zk-preview. */
    static final String PREVIEW = "preview";

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(YAML)
    public String render(EnsembleSpec spec) {
        EnsembleSpec withDefaults =
                (spec == null ? new EnsembleSpec(null, null, null, null, null, null) : spec).withDefaults(PREVIEW);
        EnsembleModel model = EnsembleModel.of(withDefaults);
        String header = "Rendered by zklab's deployer (dry run, nothing applied): " + model.replicas() + " members, "
                + model.profile().id() + " profile, namespace " + model.namespace()
                + (spec == null || spec.namespace() == null ? " (a run gets zk-<first 8 characters of its id>)" : "")
                + ". The Namespace is created only when it is missing (one that exists is used as it is, never labelled),"
                + " and each object the run makes carries its mark (label zklab.dev/run)"
                + ". Secret zk-admin (the ZooKeeper super user) is created in the cluster with a random password"
                + (model.profile().reconfigurable() ? "." : " only for the current profile.");
        return Manifests.yaml(model.objects(), header);
    }
}
