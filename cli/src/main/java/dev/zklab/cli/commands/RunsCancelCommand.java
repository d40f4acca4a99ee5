package dev.zklab.cli.commands;

import dev.zklab.cli.ExitCodes;
import dev.zklab.cli.client.GatewayApi;
import dev.zklab.cli.client.ServiceOptions;
import dev.zklab.cli.output.Terminal;
import dev.zklab.cli.output.Text;
import dev.zklab.cli.watch.RunFollower;
import dev.zklab.contracts.api.RunView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code zklab runs cancel}: cancels a run; its cleanup steps (uncordon, teardown) still run. */
@Command(
        name = "cancel",
        mixinStandardHelpOptions = true,
        description = {
            "Cancel a run. Its cleanup steps still run: nodes the drill cordoned are uncordoned, the cluster the"
                    + " run made is deleted.",
            "Exit codes: 0 cancelled (with --wait: and its cleanup ended), 1 the run had already ended, 2 no such run,"
                    + " 3 the gateway cannot be reached, 4 not allowed."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  zklab runs cancel 4faec62f", "  zklab runs cancel 4faec62f --wait"})
public class RunsCancelCommand implements Callable<Integer> {

    @Mixin
    ServiceOptions services;

    @Mixin
    RunArgument run;

    @Option(names = "--wait", description = "Follow the run until its cleanup steps have ended.")
    boolean await;

    @Override
    public Integer call() {
        GatewayApi api = services.api();
        String id = run.resolve(api);
        RunView cancelled = api.cancel(id);
        System.err.println("run " + Text.shortId(id) + ": cancel requested (" + cancelled.state()
                + "); its cleanup steps still run");
        if (await) {
            RunFollower.to(services.gateway(), Terminal.Stream.ERR).follow(id);
        }
        return ExitCodes.OK;
    }
}
