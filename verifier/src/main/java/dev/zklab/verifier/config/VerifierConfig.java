package dev.zklab.verifier.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the verifier reaches members and how long it waits for them. */
@ConfigMapping(prefix = "zklab.verifier")
public interface VerifierConfig {

    /**
     * How to reach members: {@code auto} (cluster DNS when zklab runs in the ensemble's cluster, else a
     * port-forward through the API server), {@code dns} or {@code port-forward}.
     */
    @WithDefault("auto")
    String memberAccess();

    /** Bound of every question to a member (four-letter word, connection, read, write). */
    @WithDefault("5s")
    Duration memberTimeout();

    /**
     * How long status written by controllers (Ready, EndpointSlices, the PDB's counts) and a write's
     * replication may take to settle before a check that still fails is reported as failed.
     */
    @WithDefault("10s")
    Duration settle();
}
