package dev.zklab.steps;

import dev.zklab.contracts.messaging.Service;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration every step service shares. */
@ConfigMapping(prefix = "zklab.step-service")
public interface ServiceConfig {

    /** Which step service this is: provisioner, deployer, verifier or drainer. */
    Service name();

    /** How many steps may run at once in this service. */
    @WithDefault("4")
    int concurrentSteps();

    /** How many command ids are remembered to recognise a command delivered twice. */
    @WithDefault("10000")
    int rememberedCommands();
}
