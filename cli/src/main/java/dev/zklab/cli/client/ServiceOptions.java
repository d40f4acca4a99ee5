package dev.zklab.cli.client;

import picocli.CommandLine.Option;

/** Where the gateway is: {@code --gateway URL}, else {@code $ZKLAB_GATEWAY}, else the local one ./zklab up starts. */
public class ServiceOptions {

    @Option(
            names = "--gateway",
            paramLabel = "URL",
            defaultValue = "${env:ZKLAB_GATEWAY:-http://127.0.0.1:8080}",
            description = "The gateway's address (default: $ZKLAB_GATEWAY, else ${DEFAULT-VALUE}).")
    String gateway;

    public Endpoint gateway() {
        return Endpoint.of("the gateway", "--gateway", gateway);
    }

    public GatewayApi api() {
        return gateway().client(GatewayApi.class);
    }
}
