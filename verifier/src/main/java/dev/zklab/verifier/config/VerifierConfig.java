package dev.zklab.verifier.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How long the verifier waits for members and for status to settle (how it reaches them: {@code zklab.members}). */
@ConfigMapping(prefix = "zklab.verifier")
public interface VerifierConfig {

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
