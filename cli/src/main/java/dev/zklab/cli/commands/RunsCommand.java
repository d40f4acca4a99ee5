package dev.zklab.cli.commands;

import dev.zklab.cli.ExitCodes;
import dev.zklab.contracts.api.RunStatus;
import dev.zklab.contracts.api.RunView;
import picocli.CommandLine.Command;

/** {@code zklab runs}: the runs the gateway has: list, get, watch, report, cancel. */
@Command(
        name = "runs",
        mixinStandardHelpOptions = true,
        description = "The runs the gateway has: list them, get one, watch it live, fetch its report, cancel it."
                + " A run is named by its id or any unique prefix of it.",
        subcommands = {
            RunsListCommand.class,
            RunsGetCommand.class,
            RunsWatchCommand.class,
            RunsReportCommand.class,
            RunsCancelCommand.class
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  zklab runs list",
            "  zklab runs get 4faec62f -o yaml",
            "  zklab runs watch 4faec62f",
            "  zklab runs report 4faec62f --html report.html",
            "  zklab runs cancel 4faec62f"
        })
public class RunsCommand {

    /** How a run that has ended ends a command that followed it: 0 when it succeeded, else 1. */
    static int exitCode(RunView run) {
        return run.state() == RunStatus.SUCCEEDED ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
