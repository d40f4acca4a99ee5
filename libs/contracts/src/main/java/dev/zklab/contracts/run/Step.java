package dev.zklab.contracts.run;

import dev.zklab.contracts.messaging.Service;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The steps of the lab (see {@code shared/design/lab.md}) and the service that owns each.
 * Cleanup steps are not listed in a run's steps: they run at the end of every run that needs them.
 */
public enum Step {
    PROVISION_CLUSTER("provision-cluster", Service.PROVISIONER, false),
    SETUP_STORAGE("setup-storage", Service.PROVISIONER, false),
    DEPLOY("deploy", Service.DEPLOYER, false),
    CONFIGURE("configure", Service.DEPLOYER, false),
    VERIFY("verify", Service.VERIFIER, false),
    DURABILITY("durability", Service.DEPLOYER, false),
    SCALE("scale", Service.DEPLOYER, false),
    DRAIN("drain", Service.DRAINER, false),
    UNCORDON("uncordon", Service.DRAINER, true),
    TEARDOWN("teardown", Service.PROVISIONER, true);

    /**
     * The whole lab, in order, for an ensemble of {@code members} of the image profile: what a run does when
     * its spec names no steps. It scales up by two members and back (not with the {@code tutorial} profile:
     * ZooKeeper 3.4 has no dynamic reconfiguration, nor beyond the largest ensemble), each change verified.
     */
    public static List<StepSpec> lab(int members, String imageProfile) {
        List<StepSpec> steps = new ArrayList<>(List.of(
                StepSpec.of(PROVISION_CLUSTER.id),
                StepSpec.of(SETUP_STORAGE.id),
                StepSpec.of(DEPLOY.id),
                StepSpec.of(VERIFY.id),
                StepSpec.of(DURABILITY.id),
                StepSpec.of(VERIFY.id)));
        int grown = Math.min(members + 2, EnsembleSpec.MAX_MEMBERS);
        if (!EnsembleSpec.PROFILE_TUTORIAL.equals(imageProfile) && grown > members) {
            steps.addAll(List.of(
                    new StepSpec(SCALE.id, Map.of("replicas", Integer.toString(grown))),
                    StepSpec.of(VERIFY.id),
                    new StepSpec(SCALE.id, Map.of("replicas", Integer.toString(members))),
                    StepSpec.of(VERIFY.id)));
        }
        steps.addAll(List.of(StepSpec.of(DRAIN.id), StepSpec.of(VERIFY.id)));
        return List.copyOf(steps);
    }

    private final String id;
    private final Service owner;
    private final boolean cleanup;

    Step(String id, Service owner, boolean cleanup) {
        this.id = id;
        this.owner = owner;
        this.cleanup = cleanup;
    }

    /** The name used in run specs, events and metrics. */
    public String id() {
        return id;
    }

    public Service owner() {
        return owner;
    }

    public boolean cleanup() {
        return cleanup;
    }

    public static Optional<Step> byId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Step::id).toList();
    }
}
