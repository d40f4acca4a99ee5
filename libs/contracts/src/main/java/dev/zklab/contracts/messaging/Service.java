package dev.zklab.contracts.messaging;

import java.util.Locale;

/** The five zklab services; a step is owned by one of the four step services. */
public enum Service {
    PROVISIONER,
    DEPLOYER,
    VERIFIER,
    DRAINER,
    GATEWAY;

    /** Lower-case name, as used in topic names, CloudEvents sources and logs. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The CloudEvents {@code source} of events this service publishes. */
    public String source() {
        return "/zklab/" + id();
    }
}
