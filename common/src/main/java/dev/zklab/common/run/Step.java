package dev.zklab.common.run;

import dev.zklab.common.messaging.Service;
import java.util.Arrays;
import java.util.List;
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

    /** The whole lab, in order: what a run does when its spec names no steps. */
    public static final List<Step> LAB = List.of(PROVISION_CLUSTER, SETUP_STORAGE, DEPLOY, VERIFY, DURABILITY, VERIFY,
            SCALE, VERIFY, DRAIN, VERIFY);

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
