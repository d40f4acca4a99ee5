package dev.zklab.deployer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the deployer reaches ZooKeeper members. */
@ConfigMapping(prefix = "zklab.deployer")
public interface DeployerConfig {

    /**
     * How to reach members: {@code auto} (cluster DNS when zklab runs in the ensemble's cluster, else a
     * port-forward through the API server), {@code dns} or {@code port-forward}.
     */
    @WithDefault("auto")
    String memberAccess();
}
