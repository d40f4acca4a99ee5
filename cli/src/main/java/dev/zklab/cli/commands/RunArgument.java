package dev.zklab.cli.commands;

import dev.zklab.cli.client.GatewayApi;
import picocli.CommandLine.Parameters;

/** The run a {@code zklab runs} command is about: its id, or a prefix of it that names one run only. */
public class RunArgument {

    @Parameters(
            paramLabel = "RUN",
            description = "The run's id, or a unique prefix of it (zklab runs list shows 8 characters).")
    String run;

    /** The run's whole id. */
    String resolve(GatewayApi api) {
        return RunIds.resolve(api, run);
    }
}
