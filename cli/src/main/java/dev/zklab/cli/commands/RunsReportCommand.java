package dev.zklab.cli.commands;

import dev.zklab.cli.BadInputException;
import dev.zklab.cli.ExitCodes;
import dev.zklab.cli.client.GatewayApi;
import dev.zklab.cli.client.ServiceOptions;
import dev.zklab.cli.output.Documents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code zklab runs report}: a run's report: for a terminal, as the API's JSON, or as its page, written to a file. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "A run's report: its first line says what the run showed; then each step and its evidence."
                        + " -o json or yaml: the report as GET /api/runs/{id}/report returns it (its schema: /api/schemas/run-report.json).",
        footerHeading = "%nExamples:%n",
        footer = {
            "  zklab runs report 4faec62f",
            "  zklab runs report 4faec62f --html report.html",
            "  zklab runs report 4faec62f --compare 9c01d2aa --html drills.html",
            "  zklab runs report 4faec62f -o json | jq .summary.verdict"
        })
public class RunsReportCommand implements Callable<Integer> {

    @Mixin
    ServiceOptions services;

    @Mixin
    RunArgument run;

    @Option(
            names = "--html",
            paramLabel = "FILE",
            description = "Write the report's page (for a browser) to FILE instead.")
    Path html;

    @Option(
            names = "--compare",
            paramLabel = "RUN",
            description = "Put that run's drill beside this one's (say, the same drill"
                    + " without the PodDisruptionBudget).")
    String compare;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "text, json or yaml.")
    ReportFormat output;

    @Override
    public Integer call() {
        GatewayApi api = services.api();
        String id = run.resolve(api);
        String other = compare == null ? null : RunIds.resolve(api, compare);
        if (html != null) {
            String page = api.reportPage(id, other);
            try {
                Files.writeString(html, page);
            } catch (IOException e) {
                throw new BadInputException("--html " + html + ": cannot write it: " + e.getMessage());
            }
            System.err.println("wrote the report of run " + id + " to " + html.toAbsolutePath());
            return ExitCodes.OK;
        }
        System.out.print(
                output == ReportFormat.text
                        ? api.reportText(id, other)
                        : Documents.render(api.report(id, other), output));
        return ExitCodes.OK;
    }
}
