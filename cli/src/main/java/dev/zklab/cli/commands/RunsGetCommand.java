package dev.zklab.cli.commands;

import dev.zklab.cli.ExitCodes;
import dev.zklab.cli.client.GatewayApi;
import dev.zklab.cli.client.ServiceOptions;
import dev.zklab.cli.output.Style;
import dev.zklab.cli.output.Table;
import dev.zklab.cli.output.Terminal;
import dev.zklab.cli.watch.RunLines;
import dev.zklab.contracts.api.RunView;
import dev.zklab.contracts.api.StepView;
import dev.zklab.support.text.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code zklab runs get}: one run: its state, then a line per step: or the run as the API returns it. */
@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "One run: its state and why, then each step with its status, attempts, time and latest message."
                + " -o json or yaml: the run as GET /api/runs/{id} returns it (spec, steps, evidence).",
        footerHeading = "%nExamples:%n",
        footer = {"  zklab runs get 4faec62f", "  zklab runs get 4faec62f -o json | jq '.steps[] | {id, status}'"})
public class RunsGetCommand implements Callable<Integer> {

    @Mixin
    ServiceOptions services;

    @Mixin
    RunArgument run;

    @Mixin
    TableOutput output;

    @Override
    public Integer call() {
        GatewayApi api = services.api();
        RunView view = api.get(run.resolve(api));
        if (output.printed(view)) {
            return ExitCodes.OK;
        }
        Style style = new Style(Terminal.colour(Terminal.Stream.OUT));
        Instant now = Instant.now();
        System.out.println(style.bold("run " + view.id()) + "  "
                + style.state(view.state().name()) + (view.reason() == null ? "" : ": " + view.reason()));
        System.out.println("cluster " + view.spec().cluster().provider() + "/"
                + view.spec().cluster().name() + ", started "
                + view.createdAt()
                + (view.endedAt() == null
                        ? ", " + Durations.human(Duration.between(view.createdAt(), now)) + " ago"
                        : ", took " + Durations.human(Duration.between(view.createdAt(), view.endedAt()))));
        System.out.println();
        Table steps = new Table("STEP", "STATUS", "SERVICE", "ATTEMPTS", "TIME", "MESSAGE");
        for (StepView step : view.steps()) {
            String time = step.startedAt() == null
                    ? ""
                    : Durations.human(
                            Duration.between(step.startedAt(), step.endedAt() == null ? now : step.endedAt()));
            steps.row(
                    step.id(),
                    step.status().name(),
                    step.service(),
                    String.valueOf(step.attempts()),
                    time,
                    RunLines.message(step));
        }
        System.out.print(steps.renderFor(Terminal.Stream.OUT, 1));
        return ExitCodes.OK;
    }
}
