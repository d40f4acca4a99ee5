package dev.zklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zklab.cli.client.ApiException;
import dev.zklab.cli.output.Style;
import dev.zklab.contracts.api.Problem;
import dev.zklab.contracts.run.FieldError;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's help and the failures' words and exit codes: plain JUnit over the picocli model, no gateway. */
class CommandsHelpTest {

    @Test
    void everyCommandHasHelpWithExamples() {
        List<CommandLine> all = new ArrayList<>();
        collect(new CommandLine(new ZklabCommand()), all);
        assertThat(all)
                .extracting(CommandLine::getCommandName)
                .containsExactlyInAnyOrder(
                        "zklab",
                        "run",
                        "runs",
                        "list",
                        "get",
                        "watch",
                        "report",
                        "cancel",
                        "preflight",
                        "manifests",
                        "tokens",
                        "add",
                        "list",
                        "remove",
                        "completion");
        for (CommandLine command : all) {
            StringWriter help = new StringWriter();
            command.setOut(new PrintWriter(help));
            assertThat(command.execute("--help")).as(command.getCommandName()).isZero();
            assertThat(help.toString())
                    .as(command.getCommandName())
                    .startsWith("Usage: ")
                    .contains("Examples:", "zklab ")
                    .doesNotContain("\u001b[");
            assertThat(help.toString().lines())
                    .as("%s --help fits 80 columns", command.getCommandName())
                    .allMatch(l -> l.length() <= 80);
        }
    }

    @Test
    void aRefusedRequestSaysWhatHappenedFirstThenEachFieldAndExitsTwo() {
        ApiException refused = new ApiException(
                "the gateway",
                Problem.of(
                        400,
                        "Invalid run spec",
                        "2 field(s) need fixing",
                        List.of(
                                new FieldError("ensemble.replicas", "must be from 1 to 7"),
                                new FieldError("cluster.provider", "unknown"))));
        assertThat(Failures.describe(refused, Style.NONE)).isEqualTo("""
                error: the gateway refused the request: Invalid run spec (400): 2 field(s) need fixing
                  ensemble.replicas: must be from 1 to 7
                  cluster.provider: unknown
                """);
        assertThat(Failures.exitCode(refused)).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(Failures.exitCode(
                        new ApiException("the gateway", Problem.of(409, "Run already ended", "it did", List.of()))))
                .isEqualTo(ExitCodes.FAILED);
        // 503: the gateway is not ready, or a service it relays to is not there: zklab is not all there, as when
        // unreachable.
        assertThat(Failures.exitCode(
                        new ApiException("the gateway", Problem.of(503, "Not ready", "rebuilding", List.of()))))
                .isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(Failures.exitCode(new ApiException(
                        "the gateway", Problem.of(503, "Service unreachable", "no deployer", List.of()))))
                .isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(Failures.exitCode(new BadInputException("no"))).isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void aRefusedCallerIsToldHowToSignInAndExitsFour() {
        ApiException unauthorized = new ApiException(
                "the gateway", Problem.of(401, "Unauthorized", "this needs a bearer token", List.of()));
        ApiException forbidden = new ApiException(
                "the gateway",
                Problem.of(
                        403,
                        "Forbidden",
                        "bob (viewer) may not POST /api/runs: it needs the operator role",
                        List.of()));

        assertThat(Failures.describe(unauthorized, Style.NONE))
                .startsWith(
                        "error: the gateway refused the request: Unauthorized (401): this needs a bearer token\n  sign in: set ZKLAB_TOKEN_FILE");
        assertThat(Failures.describe(forbidden, Style.NONE)).isEqualTo("""
                error: the gateway refused the request: Forbidden (403): bob (viewer) may not POST /api/runs: it needs the operator role
                  ask whoever runs zklab for a token with that role
                """);
        assertThat(Failures.exitCode(unauthorized)).isEqualTo(ExitCodes.NOT_ALLOWED);
        assertThat(Failures.exitCode(forbidden)).isEqualTo(ExitCodes.NOT_ALLOWED);
    }

    private static void collect(CommandLine command, List<CommandLine> all) {
        all.add(command);
        command.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, all));
    }
}
