package dev.zklab.cli.commands;

import dev.zklab.cli.client.GatewayApi;
import dev.zklab.cli.client.ServiceOptions;
import dev.zklab.cli.output.Terminal;
import dev.zklab.cli.watch.RunFollower;
import dev.zklab.contracts.api.RunView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code zklab runs watch}: follows a run live until it ends; exits as the run ended. */
@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        description = {
            "Follow a run until it ends. On a terminal: a line per step: status, elapsed time, latest message -"
                    + " updated in place. Elsewhere (a pipe, a file): a plain line for each change.",
            "Exit codes: 0 the run succeeded, 1 it failed or was cancelled, 2 no such run, 3 the gateway cannot be reached,"
                    + " 4 not allowed."
                    + " Ctrl-C stops watching; the run goes on."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  zklab runs watch 4faec62f", "  zklab runs watch 4faec62f > run.log && echo passed"})
public class RunsWatchCommand implements Callable<Integer> {

    @Mixin
    ServiceOptions services;

    @Mixin
    RunArgument run;

    @Override
    public Integer call() {
        GatewayApi api = services.api();
        RunView ended = RunFollower.to(services.gateway(), Terminal.Stream.OUT).follow(run.resolve(api));
        return RunsCommand.exitCode(ended);
    }
}
