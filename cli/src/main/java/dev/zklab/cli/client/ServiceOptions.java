package dev.zklab.cli.client;

import picocli.CommandLine.Option;

/** Where the gateway is: {@code --gateway URL}, else {@code $ZKLAB_GATEWAY}, else the local one ./zklab up starts. */
public class ServiceOptions {

    @Option(names = "--gateway", paramLabel = "URL", defaultValue = "${env:ZKLAB_GATEWAY:-http://127.0.0.1:8080}",
            description = "The gateway's address (default: $ZKLAB_GATEWAY, else ${DEFAULT-VALUE}).")
    String gateway;

    public Endpoint gateway() {
        return Endpoint.of("the gateway", "--gateway", gateway);
    }

    public GatewayApi api() {
        return gateway().client(GatewayApi.class);
    }

    /** The deployer, for its dry run: {@code --deployer URL}, else {@code $ZKLAB_DEPLOYER}, else the local one. */
    public static class Deployer {
        @Option(names = "--deployer", paramLabel = "URL", defaultValue = "${env:ZKLAB_DEPLOYER:-http://127.0.0.1:8082}",
                description = "The deployer's address (default: $ZKLAB_DEPLOYER, else ${DEFAULT-VALUE}).")
        String deployer;

        public DeployerApi api() {
            return Endpoint.of("the deployer", "--deployer", deployer).client(DeployerApi.class);
        }
    }

    /** The drainer, for its preflight: {@code --drainer URL}, else {@code $ZKLAB_DRAINER}, else the local one. */
    public static class Drainer {
        @Option(names = "--drainer", paramLabel = "URL", defaultValue = "${env:ZKLAB_DRAINER:-http://127.0.0.1:8084}",
                description = "The drainer's address (default: $ZKLAB_DRAINER, else ${DEFAULT-VALUE}).")
        String drainer;

        public DrainerApi api() {
            return Endpoint.of("the drainer", "--drainer", drainer).client(DrainerApi.class);
        }
    }
}
