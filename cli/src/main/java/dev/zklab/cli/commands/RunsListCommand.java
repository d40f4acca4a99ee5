package dev.zklab.cli.commands;

import dev.zklab.cli.ExitCodes;
import dev.zklab.cli.client.ServiceOptions;
import dev.zklab.cli.output.Table;
import dev.zklab.cli.output.Terminal;
import dev.zklab.cli.output.Text;
import dev.zklab.contracts.api.RunPage;
import dev.zklab.contracts.api.RunSummary;
import dev.zklab.support.text.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code zklab runs list}: the runs, newest first, as a table or as the API's page of them. */
@Command(
        name = "list",
        aliases = "ls",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "The runs, newest first: id (its first 8 characters), state, cluster, the step under way, age, and"
                        + " why it failed. -o json or yaml: the page as GET /api/runs returns it.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  zklab runs list",
            "  zklab runs list --state failed",
            "  zklab runs list -o json | jq -r '.items[].id'"
        })
public class RunsListCommand implements Callable<Integer> {

    @Mixin
    ServiceOptions services;

    @Option(
            names = "--state",
            paramLabel = "STATE",
            description = "Only runs in this state: PENDING, RUNNING, CLEANING_UP,"
                    + " SUCCEEDED, FAILED or CANCELLED (any case).")
    String state;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "20",
            description = "At most this many (1 to 200; default ${DEFAULT-VALUE}).")
    int limit;

    @Option(
            names = "--page",
            paramLabel = "N",
            defaultValue = "0",
            description = "Which page of --limit runs (from 0).")
    int page;

    @Mixin
    TableOutput output;

    @Override
    public Integer call() {
        RunPage runs = services.api().list(state, null, page, limit);
        if (output.printed(runs)) {
            return ExitCodes.OK;
        }
        if (runs.items().isEmpty()) {
            System.err.println(
                    runs.total() == 0
                            ? "no runs" + (state == null ? "" : " in state " + state.toUpperCase(java.util.Locale.ROOT))
                                    + "; zklab run starts one"
                            : "no runs on page " + page + " (" + runs.total() + " in all)");
            return ExitCodes.OK;
        }
        Instant now = Instant.now();
        Table table = new Table("ID", "STATE", "CLUSTER", "STEP", "AGE", "REASON");
        for (RunSummary run : runs.items()) {
            table.row(
                    Text.shortId(run.id()),
                    run.state().name(),
                    run.cluster(),
                    run.currentStep() == null ? "" : run.currentStep(),
                    Durations.human(Duration.between(run.createdAt(), now)),
                    run.reason());
        }
        System.out.print(table.renderFor(Terminal.Stream.OUT, 1));
        if (runs.total() > (page + 1) * limit) {
            System.err.println(
                    "(" + runs.total() + " runs in all; --page " + (page + 1) + " shows the next " + limit + ")");
        }
        return ExitCodes.OK;
    }
}
