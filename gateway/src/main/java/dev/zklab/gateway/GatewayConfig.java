package dev.zklab.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The gateway's own settings. */
@ConfigMapping(prefix = "zklab.gateway")
public interface GatewayConfig {

    /** How often running steps are checked against their timeouts. */
    @WithDefault("500ms")
    Duration tick();

    /** Partitions of the topics the gateway creates when they are missing. */
    @WithDefault("2")
    int topicPartitions();

    /** The deployer, whose dry run the gateway relays ({@code ZKLAB_GATEWAY_DEPLOYER_URL}; default in application.properties). */
    String deployerUrl();

    /** The drainer, whose preflight the gateway relays ({@code ZKLAB_GATEWAY_DRAINER_URL}; default in application.properties). */
    String drainerUrl();
}
