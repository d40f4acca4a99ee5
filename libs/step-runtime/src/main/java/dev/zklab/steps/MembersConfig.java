package dev.zklab.steps;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How a step service reaches the ZooKeeper members of an ensemble (the deployer, the verifier, the drainer). */
@ConfigMapping(prefix = "zklab.members")
public interface MembersConfig {

    /**
     * {@code auto} (cluster DNS when zklab runs in the ensemble's own cluster, else a port-forward
     * through the API server), {@code dns} or {@code port-forward}.
     */
    @WithDefault("auto")
    String access();
}
