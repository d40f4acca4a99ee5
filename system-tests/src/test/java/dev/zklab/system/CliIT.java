package dev.zklab.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.zklab.kafka.KafkaBrokerTestResource;
import dev.zklab.security.TestTokens;
import dev.zklab.steps.ScriptedStepServices;
import dev.zklab.steps.SelfSignedCertificate;
import dev.zklab.support.net.LoopbackPorts;
import dev.zklab.support.security.TokenFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The zklab CLI, packaged, against a real packaged gateway on the real broker, whose step services are
 * scripted: every command and its exit codes, -o json being the API's own JSON, colour only on a terminal,
 * and the live view on a pseudo-terminal while the watched run changes.
 */
class CliIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String HOLD = "{\"name\": \"deploy\", \"params\": {\"test.behaviour\": \"hold\"}}";

    private static ScriptedStepServices services;
    private static PackagedService gateway;
    private static PackagedCli cli;
    private static GatewayApi api;

    @BeforeAll
    static void start() {
        String bootstrap = KafkaBrokerTestResource.broker().bootstrapServers();
        services = new ScriptedStepServices(bootstrap);
        // No deployer and no drainer here: the gateway looks for them where nothing listens.
        String nowhere = "http://127.0.0.1:" + LoopbackPorts.free();
        gateway = PackagedService.start(
                "gateway",
                bootstrap,
                LoopbackPorts.free(),
                Map.of("zklab.gateway.deployer-url", nowhere, "zklab.gateway.drainer-url", nowhere));
        cli = new PackagedCli(gateway.url());
        api = new GatewayApi(gateway);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (services != null) {
            services.close();
        }
    }

    @Test
    void runFollowsToTheEndPrintsTheReportAndExitsAsTheRunEnded() throws Exception {
        PackagedCli.Result ok =
                cli.run("run", "--set", "steps=[\"deploy\",\"verify\"]", "--set", "cluster.name=cli-ok");
        assertThat(ok.exit()).as(ok.toString()).isZero();
        String id = ok.err()
                .lines()
                .findFirst()
                .orElseThrow()
                .replaceAll("^run (\\S+) started: .*/api/runs/(\\S+) .*$", "$2");
        assertThat(ok.err())
                .as("progress, a plain line per change: not a terminal")
                .startsWith("run " + id.substring(0, 8) + " started: " + gateway.url() + "/api/runs/" + id)
                .contains(
                        "  01-deploy    SUCCEEDED",
                        "  03-teardown  SUCCEEDED",
                        "run " + id.substring(0, 8) + " SUCCEEDED in ")
                .doesNotContain("\u001b[");
        assertThat(ok.out())
                .as("the report for a terminal, as the API gives it")
                .isEqualTo(api.report(id));

        PackagedCli.Result failed = cli.run(
                "run",
                "--set",
                "steps=[{\"name\":\"deploy\",\"params\":{\"test.behaviour\":\"fail\"}}," + "\"verify\"]",
                "-o",
                "json");
        assertThat(failed.exit()).as(failed.toString()).isEqualTo(1);
        JsonNode run = JSON.readTree(failed.out());
        assertThat(run)
                .as("-o json: the run as the API returns it")
                .isEqualTo(json(
                        api.given().get("/api/runs/" + run.get("id").asText()).asString()));
        assertThat(run.get("state").asText()).isEqualTo("FAILED");
        assertThat(failed.err()).contains("01-deploy    FAILED in ", ": scripted failure", "02-verify    SKIPPED");
    }

    @Test
    void badInputExitsTwoNamingEachFieldAndAGatewayNotThereExitsThree() throws Exception {
        PackagedCli.Result invalid = cli.run("run", "--set", "ensemble.replicas=0", "--set", "cluster.provider=moon");
        assertThat(invalid.exit()).as(invalid.toString()).isEqualTo(2);
        List<String> lines = invalid.err().lines().toList();
        assertThat(lines.get(0))
                .startsWith("error: the gateway refused the request: Invalid run spec (400): 2 field(s) need fixing");
        assertThat(lines)
                .anyMatch(l -> l.startsWith("  ensemble.replicas: "))
                .anyMatch(l -> l.startsWith("  cluster.provider: "));

        PackagedCli.Result unknownField = cli.run("run", "--set", "ensembel.replicas=3");
        assertThat(unknownField.exit()).isEqualTo(2);
        assertThat(unknownField.err())
                .startsWith("error: the gateway refused the request: Invalid run spec (400): unknown field 'ensembel'");

        Path yaml = Files.createTempFile("spec-", ".yaml");
        Files.writeString(yaml, "ensemble:\n  replicas: [1\n");
        PackagedCli.Result broken = cli.run("run", "-f", yaml.toString());
        assertThat(broken.exit()).isEqualTo(2);
        assertThat(broken.err()).startsWith("error: -f " + yaml + ": not valid YAML: ");
        assertThat(cli.run("run", "-f", "/no/such/spec.json").err())
                .startsWith("error: -f /no/such/spec.json: no such file");
        PackagedCli.Result notAPath = cli.run("run", "--set", "steps[0].name=deploy");
        assertThat(notAPath.exit()).isEqualTo(2);
        assertThat(notAPath.err()).contains("lists such as steps are given whole");
        PackagedCli.Result usage = cli.run("runs", "list", "--limit");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err()).contains("Missing required parameter for option '--limit'");
        PackagedCli.Result notAnId = cli.run("runs", "get", "no-such-run");
        assertThat(notAnId.exit()).isEqualTo(2);
        assertThat(notAnId.err()).startsWith("error: 'no-such-run' is not a run's id: ids are 0-9, a-f and -");
        PackagedCli.Result noRun = cli.run("runs", "get", "0000dead");
        assertThat(noRun.exit()).isEqualTo(2);
        assertThat(noRun.err())
                .startsWith("error: no run 0000dead at the gateway; zklab runs list shows the runs it has");
        assertThat(cli.run("runs", "list", "--state", "sleeping").err())
                .startsWith("error: the gateway refused the request: Invalid request (400)")
                .contains("  state: unknown state");

        String nobody = "http://127.0.0.1:" + LoopbackPorts.free();
        PackagedCli.Result unreachable = cli.run("runs", "list", "--gateway", nobody);
        assertThat(unreachable.exit()).isEqualTo(3);
        assertThat(unreachable.err())
                .startsWith("error: cannot reach the gateway at " + nobody + ": ")
                .contains("start zklab with ./zklab up, or give its address: --gateway URL or ZKLAB_GATEWAY");
        assertThat(cli.run(Map.of("ZKLAB_GATEWAY", nobody), "run").exit())
                .as("ZKLAB_GATEWAY")
                .isEqualTo(3);
        // The dry run and the preflight go through the gateway too: one whose deployer is not there says so (exit 3).
        PackagedCli.Result noDeployer = cli.run("manifests");
        assertThat(noDeployer.exit()).as(noDeployer.toString()).isEqualTo(3);
        assertThat(noDeployer.err())
                .startsWith("error: the gateway answered: Service unreachable (503): the gateway could not"
                        + " reach the deployer at http://127.0.0.1:");
    }

    /**
     * Signing in: without a token the CLI is refused (exit 4, saying how to sign in); a viewer's token reads but may not
     * start a run (exit 4, naming the role it needs); a token file others may read is bad input. A token that
     * {@code zklab tokens add} writes into the running gateway's own tokens file signs in, and {@code tokens remove}
     * takes it away again — the gateway sees a change of the file within a second, no restart.
     */
    @Test
    void theCliSignsInWithTheTokenItIsGivenAndTokensAddAndRemoveManageTheGatewaysFile() throws Exception {
        PackagedCli.Result anonymous = cli.run(Map.of("ZKLAB_TOKEN_FILE", ""), "runs", "list");
        assertThat(anonymous.exit()).as(anonymous.toString()).isEqualTo(4);
        assertThat(anonymous.err())
                .startsWith(
                        "error: the gateway refused the request: Unauthorized (401): this needs a bearer" + " token")
                .contains("  sign in: set ZKLAB_TOKEN_FILE to a file (chmod 600) that holds your token");

        Path viewer = TestTokens.tokenFile(TestTokens.VIEWER);
        assertThat(cli.run(Map.of("ZKLAB_TOKEN_FILE", viewer.toString()), "runs", "list")
                        .exit())
                .isZero();
        PackagedCli.Result forbidden = cli.run(Map.of("ZKLAB_TOKEN_FILE", viewer.toString()), "run", "--detach");
        assertThat(forbidden.exit()).as(forbidden.toString()).isEqualTo(4);
        assertThat(forbidden.err())
                .startsWith("error: the gateway refused the request: Forbidden (403): test-viewer (viewer) may"
                        + " not POST /api/runs: it needs the operator role");

        Files.setPosixFilePermissions(viewer, PosixFilePermissions.fromString("rw-r--r--"));
        PackagedCli.Result open = cli.run(Map.of("ZKLAB_TOKEN_FILE", viewer.toString()), "runs", "list");
        assertThat(open.exit()).as(open.toString()).isEqualTo(2);
        assertThat(open.err()).contains("may be read or changed by other users").contains("chmod 600 " + viewer);

        Path tokens = TestTokens.DIR.resolve("tokens");
        PackagedCli.Result added = cli.run("tokens", "add", "zoe", "--role", "viewer", "--file", tokens.toString());
        assertThat(added.exit()).as(added.toString()).isZero();
        String zoe = added.out().strip();
        assertThat(zoe).startsWith(TokenFile.TOKEN_PREFIX);
        assertThat(Files.readString(tokens)).contains("zoe viewer ").doesNotContain(zoe);
        Map<String, String> asZoe = Map.of("ZKLAB_TOKEN", zoe, "ZKLAB_TOKEN_FILE", "");
        // The gateway sees a change of its tokens file within a second.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> cli.run(asZoe, "runs", "list").exit() == 0);
        assertThat(cli.run(Map.of("ZKLAB_SECURITY_TOKENS_FILE", tokens.toString()), "tokens", "list")
                        .out())
                .contains("zoe\tviewer", "test-admin\tadmin");

        assertThat(cli.run("tokens", "remove", "zoe", "--file", tokens.toString())
                        .exit())
                .isZero();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> cli.run(asZoe, "runs", "list").exit() == 4);
        assertThat(cli.run("tokens", "add", "zoe", "--role", "root", "--file", tokens.toString())
                        .exit())
                .isEqualTo(2);
    }

    /**
     * A gateway behind TLS with a certificate of its own: the CLI refuses it until ZKLAB_CA_CERT names the certificate
     * to trust (exit 3, saying so), then talks to it as to any other; a CA file it cannot use is bad input (exit 2).
     */
    @Test
    void overHttpsTheCliTrustsTheCertificateZklabCaCertNames() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create();
        try (HttpsFront front = HttpsFront.of(gateway.url(), certificate)) {
            PackagedCli https = new PackagedCli(front.url());
            PackagedCli.Result untrusted = https.run("runs", "list");
            assertThat(untrusted.exit()).as(untrusted.toString()).isEqualTo(3);
            assertThat(untrusted.err())
                    .startsWith("error: cannot reach the gateway at " + front.url() + ": ")
                    .contains("its certificate is not one this machine trusts: set ZKLAB_CA_CERT to the PEM file of the"
                            + " certificate authority that signed it");

            PackagedCli.Result trusted =
                    https.run(Map.of("ZKLAB_CA_CERT", certificate.pem().toString()), "runs", "list", "-o", "json");
            assertThat(trusted.exit()).as(trusted.toString()).isZero();
            assertThat(JSON.readTree(trusted.out()).path("total").asInt())
                    .isEqualTo(api.given().get("/api/runs").jsonPath().getInt("total"));

            PackagedCli.Result missing = https.run(Map.of("ZKLAB_CA_CERT", "/nonexistent/ca.pem"), "runs", "list");
            assertThat(missing.exit()).as(missing.toString()).isEqualTo(2);
            assertThat(missing.err()).startsWith("error: ZKLAB_CA_CERT '/nonexistent/ca.pem' cannot be read");
        }
    }

    @Test
    void runsCommandsListGetReportAndCancelWithTheApisOwnJson() throws Exception {
        PackagedCli.Result detached = cli.run(
                "run",
                "--detach",
                "-o",
                "json",
                "--set",
                "steps=[" + HOLD + "]",
                "--set",
                "cluster.name=cli-held",
                "--idempotency-key",
                "cli-it-held");
        assertThat(detached.exit()).as(detached.toString()).isZero();
        String held = JSON.readTree(detached.out()).get("id").asText();
        assertThat(cli.run(
                                "run",
                                "--detach",
                                "--set",
                                "steps=[" + HOLD + "]",
                                "--set",
                                "cluster.name=cli-held",
                                "--idempotency-key",
                                "cli-it-held")
                        .out()
                        .strip())
                .as("the same key, the same run")
                .isEqualTo(held);
        await().atMost(WAIT).until(() -> "RUNNING".equals(api.get(held).getString("steps[0].status")));

        assertThat(json(cli.run("runs", "get", held, "-o", "json").out()))
                .isEqualTo(json(api.given().get("/api/runs/" + held).asString()));
        assertThat(new YAMLMapper()
                        .readTree(cli.run("runs", "get", held.substring(0, 6), "-o", "yaml")
                                .out()))
                .as("a prefix names the run; yaml is the same document")
                .isEqualTo(json(api.given().get("/api/runs/" + held).asString()));
        PackagedCli.Result table = cli.run("runs", "get", held.substring(0, 8));
        assertThat(table.out())
                .startsWith("run " + held + "  RUNNING")
                .contains("STEP", "01-deploy", "RUNNING", "deployer");
        assertThat(json(cli.run("runs", "list", "-o", "json", "--limit", "50").out()))
                .isEqualTo(
                        json(api.given().queryParam("size", 50).get("/api/runs").asString()));
        PackagedCli.Result running = cli.run("runs", "list", "--state", "running");
        assertThat(running.out().lines().findFirst().orElseThrow())
                .startsWith("ID ")
                .contains("STATE", "CLUSTER", "STEP", "AGE", "REASON");
        assertThat(running.out()).contains(held.substring(0, 8) + "   RUNNING", "local/cli-held", "01-deploy");

        PackagedCli.Result cancelled = cli.run("runs", "cancel", held.substring(0, 8), "--wait");
        assertThat(cancelled.exit()).as(cancelled.toString()).isZero();
        assertThat(cancelled.err())
                .startsWith("run " + held.substring(0, 8) + ": cancel requested")
                .contains("run " + held.substring(0, 8) + " CANCELLED");
        assertThat(api.get(held).getString("state")).isEqualTo("CANCELLED");
        PackagedCli.Result again = cli.run("runs", "cancel", held);
        assertThat(again.exit()).as("a run that has ended cannot be cancelled").isEqualTo(1);
        assertThat(again.err()).startsWith("error: the gateway answered: Run already ended (409)");
        assertThat(cli.run("runs", "list", "--state", "cancelled").out()).contains(held.substring(0, 8));
        assertThat(cli.run("runs", "list", "--state", "succeeded").out()).doesNotContain(held.substring(0, 8));

        PackagedCli.Result report = cli.run("runs", "report", held);
        assertThat(report.exit()).isZero();
        assertThat(report.out()).isEqualTo(api.report(held));
        assertThat(json(cli.run("runs", "report", held, "-o", "json").out()))
                .isEqualTo(json(api.given().get("/api/runs/" + held + "/report").asString()));
        Path page = Files.createTempDirectory("report-").resolve("report.html");
        PackagedCli.Result html = cli.run("runs", "report", held, "--html", page.toString());
        assertThat(html.exit()).isZero();
        assertThat(Files.readString(page)).startsWith("<!doctype html>").contains(held);
        PackagedCli.Result nothingToCompare = cli.run("runs", "report", held, "--compare", held);
        assertThat(nothingToCompare.exit()).isEqualTo(2);
        assertThat(nothingToCompare.err()).contains("  compare: run " + held + " has no drill");
    }

    @Test
    void theLiveViewRedrawsEachStepInPlaceOnATerminalWhileTheRunChanges() throws Exception {
        String id = api.start("{\"cluster\": {\"provider\": \"local\", \"name\": \"cli-watched\"}, \"steps\": [" + HOLD
                + ", \"verify\"]}");
        await().atMost(WAIT).until(() -> "RUNNING".equals(api.get(id).getString("steps[0].status")));
        Path transcript = Files.createTempFile("watch-", ".tty");
        Process watch = cli.startUnderTerminal(transcript, 100, Map.of(), "runs", "watch", id.substring(0, 8));
        // Watched while it holds, then released: the view must show the change without the command being run again.
        await().atMost(WAIT)
                .until(() -> TerminalScreen.replay(Files.readString(transcript)).redraws() >= 2);
        assertThat(TerminalScreen.replay(Files.readString(transcript)).lines())
                .anyMatch(l -> l.matches("  01-deploy    RUNNING .*"));
        services.release(id);
        PackagedCli.Result watched =
                PackagedCli.awaitResult(watch, transcript, Files.createTempFile("watch-", ".none"));
        assertThat(watched.exit()).as(watched.toString()).isZero();
        List<String> screen = TerminalScreen.replay(watched.out()).lines();
        assertThat(screen)
                .as("one line for the run, one per step, redrawn in place:\n%s", String.join("\n", screen))
                .hasSize(4);
        assertThat(screen.get(0)).startsWith("run " + id.substring(0, 8) + "  SUCCEEDED  ");
        assertThat(screen.subList(1, 4))
                .allMatch(l -> l.length() <= 99)
                .satisfiesExactly(
                        l -> assertThat(l).matches("  01-deploy    SUCCEEDED  \\d+\\.\\d s.*"),
                        l -> assertThat(l).startsWith("  02-verify    SUCCEEDED  "),
                        l -> assertThat(l).startsWith("  03-teardown  SUCCEEDED  "));
        assertThat(watched.out()).as("colour on a terminal").contains("\u001b[32mSUCCEEDED\u001b[0m");

        PackagedCli.Result plain = cli.run("runs", "watch", id);
        assertThat(plain.exit()).isZero();
        assertThat(plain.out())
                .as("not a terminal: plain lines, no escape sequences")
                .doesNotContain("\u001b[")
                .contains(
                        "run " + id.substring(0, 8) + " SUCCEEDED (local/cli-watched)", "  01-deploy    SUCCEEDED in ");
        assertThat(cli.underTerminal(Map.of("NO_COLOR", "1"), "runs", "get", id).out())
                .as("NO_COLOR")
                .contains("SUCCEEDED")
                .doesNotContain("\u001b[32m");
    }

    @Test
    void ctrlCDuringRunCancelsItAndWaitsForItsCleanup() throws Exception {
        Path out = Files.createTempFile("run-", ".out");
        Path err = Files.createTempFile("run-", ".err");
        Process run =
                cli.start(out, err, "run", "--set", "steps=[" + HOLD + "]", "--set", "cluster.name=cli-interrupted");
        await().atMost(WAIT).until(() -> Files.readString(err).contains("01-deploy    RUNNING"));
        String id = Files.readString(err).lines().findFirst().orElseThrow().replaceAll("^.*/api/runs/(\\S+) .*$", "$1");
        new ProcessBuilder("kill", "-INT", String.valueOf(run.pid())).start().waitFor();
        PackagedCli.Result interrupted = PackagedCli.awaitResult(run, out, err);
        assertThat(interrupted.exit()).as(interrupted.toString()).isEqualTo(130);
        assertThat(interrupted.err())
                .contains(
                        "cancelling run " + id.substring(0, 8) + "; waiting for its cleanup steps",
                        "02-teardown  SUCCEEDED",
                        "run " + id.substring(0, 8) + " CANCELLED");
        assertThat(api.get(id).getString("state")).isEqualTo("CANCELLED");
    }

    @Test
    void shellCompletionLoadsInBashAndCompletesCommands() throws Exception {
        PackagedCli.Result completion = cli.run("completion", "bash");
        assertThat(completion.exit()).isZero();
        Path script = Files.createTempFile("zklab-completion-", ".bash");
        Files.writeString(script, completion.out());
        Process bash = new ProcessBuilder(
                        "bash",
                        "-c",
                        "source " + script + " && COMP_WORDS=(zklab runs w) COMP_CWORD=2"
                                + " COMP_LINE='zklab runs w' COMP_POINT=12 && _complete_zklab && printf '%s\\n' \"${COMPREPLY[@]}\" && complete -p ./zklab")
                .redirectErrorStream(true)
                .start();
        String completed = new String(bash.getInputStream().readAllBytes());
        assertThat(bash.waitFor()).as(completed).isZero();
        assertThat(completed).contains("watch", "-F _complete_zklab ./zklab");
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
