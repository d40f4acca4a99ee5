package dev.zklab.cli.commands;

import dev.zklab.cli.ExitCodes;
import dev.zklab.cli.client.GatewayApi;
import dev.zklab.cli.client.ServiceOptions;
import dev.zklab.cli.input.SpecInput;
import dev.zklab.cli.output.Documents;
import dev.zklab.cli.output.Style;
import dev.zklab.cli.output.Terminal;
import dev.zklab.cli.output.Text;
import dev.zklab.cli.watch.RunFollower;
import dev.zklab.contracts.api.RunView;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** {@code zklab run}: starts a run and, unless detached, follows it to its end and prints its report. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Start a run: with no spec, the whole lab on a new local cluster (the gateway's default run).",
            "Follows it (progress on standard error: live on a terminal, a line per change elsewhere), then prints its"
                    + " report on standard output. Ctrl-C cancels the run and waits for its cleanup steps (uncordon,"
                    + " teardown); a second Ctrl-C stops waiting.",
            "Exit codes: 0 the run succeeded, 1 it failed or was cancelled, 2 bad input (each field the gateway refused"
                    + " is printed), 3 the gateway cannot be reached, 4 not allowed (see zklab --help: signing in)."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  zklab run",
            "  zklab run --set ensemble.replicas=5 \\",
            "    --set ensemble.podDisruptionBudget=false",
            "  zklab run -f spec.yaml --set cluster.name=lab",
            "  zklab run --set 'steps=[\"deploy\",\"verify\"]' --set cluster.name=lab \\",
            "    --set options.keepCluster=true",
            "  id=$(zklab run --detach)   # start it, print its id, return at once",
            "  zklab run -o json | jq .state   # the run as the API returns it, at its end"
        })
public class RunCommand implements Callable<Integer> {

    @Mixin
    ServiceOptions services;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            description = "A run spec, JSON or YAML ('-': standard input)." + " Without one, the whole lab.")
    Path file;

    @Option(
            names = "--set",
            paramLabel = "PATH=VALUE",
            description =
                    "Set a field of the spec, after the file's:"
                            + " --set ensemble.replicas=5. Values read as JSON would (true, 5, [\"a\"]); anything else is a string.")
    List<String> sets = new ArrayList<>();

    @ArgGroup(exclusive = true)
    Mode mode = new Mode();

    static class Mode {
        @Option(names = "--wait", description = "Follow the run to its end and print its report (the default).")
        boolean wait;

        @Option(names = "--detach", description = "Print the run's id (or, with -o, the run) and return at once.")
        boolean detach;
    }

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            description = "text (the report for a terminal, the default),"
                    + " json or yaml (the run as GET /api/runs/{id} returns it).",
            defaultValue = "text")
    ReportFormat output;

    @Option(
            names = "--idempotency-key",
            paramLabel = "KEY",
            description = "Start the run once: the same key returns the run it"
                    + " started before (for automation that retries).")
    String idempotencyKey;

    private volatile boolean interrupted;

    @Override
    public Integer call() {
        GatewayApi api = services.api();
        RunView run = api.create(SpecInput.read(file, System.in, sets), idempotencyKey);
        PrintStream err = System.err;
        Style style = new Style(Terminal.colour(Terminal.Stream.ERR));
        String url = services.gateway().uri().resolve("/api/runs/" + run.id()).toString();
        if (mode.detach) {
            err.println(style.bold("run " + Text.shortId(run.id())) + " started: " + url);
            System.out.print(
                    output == ReportFormat.text ? run.id() + System.lineSeparator() : Documents.render(run, output));
            return ExitCodes.OK;
        }
        err.println(style.bold("run " + Text.shortId(run.id())) + " started: " + url + " (Ctrl-C cancels it)");
        RunView ended = followCancellingOnInterrupt(api, run.id(), err, style);
        if (output == ReportFormat.text) {
            System.out.print(api.reportText(run.id(), null));
        } else {
            System.out.print(Documents.render(ended, output));
        }
        System.out.flush();
        return interrupted ? ExitCodes.INTERRUPTED : RunsCommand.exitCode(ended);
    }

    /**
     * Follows the run; the first Ctrl-C cancels it and goes on following while its cleanup steps run, so that an
     * interrupted run leaves no cordoned node and no cluster behind; the second stops waiting (exit 130).
     */
    private RunView followCancellingOnInterrupt(GatewayApi api, String id, PrintStream err, Style style) {
        RunFollower follower = RunFollower.to(services.gateway(), Terminal.Stream.ERR);
        AtomicInteger interrupts = new AtomicInteger();
        Signal.handle(new Signal("INT"), signal -> {
            if (interrupts.incrementAndGet() == 1) {
                interrupted = true;
                follower.stop();
            } else {
                err.println();
                err.println("stopped waiting; run " + Text.shortId(id) + " goes on with its cleanup at the gateway:"
                        + " zklab runs watch " + Text.shortId(id));
                err.flush();
                Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
            }
        });
        RunView run = follower.follow(id);
        if (!run.state().isFinal()) {
            err.println(style.yellow("cancelling run " + Text.shortId(id))
                    + "; waiting for its cleanup steps (Ctrl-C again to" + " stop waiting)");
            api.cancel(id);
            run = follower.follow(id);
        }
        return run;
    }
}
