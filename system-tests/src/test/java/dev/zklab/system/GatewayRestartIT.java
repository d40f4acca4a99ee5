package dev.zklab.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zklab.kafka.KafkaBrokerTestResource;
import dev.zklab.steps.ScriptedStepServices;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The run history is a projection of the events topic: kill -9 the gateway (its packaged jar, in a
 * process of its own) in the middle of a run, start it again, and the run is still there and finishes — and
 * a CLI that was watching it waits for the gateway to come back and follows the run to its end.
 */
class GatewayRestartIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void runSurvivesAKilledGateway() throws Exception {
        String bootstrap = KafkaBrokerTestResource.broker().bootstrapServers();
        try (ScriptedStepServices services = new ScriptedStepServices(bootstrap)) {
            String id;
            int port;
            Process watch;
            Path watchOut = Files.createTempFile("watch-", ".out");
            Path watchErr = Files.createTempFile("watch-", ".err");
            try (PackagedService first = PackagedService.start("gateway", bootstrap)) {
                id = new GatewayApi(first)
                        .start(
                                "{\"steps\": [{\"name\": \"deploy\", \"params\": {\"test.behaviour\": \"hold\"}}, \"verify\"]}");
                String runId = id;
                await().atMost(WAIT)
                        .until(() -> "RUNNING".equals(run(first, runId).getString("steps[0].status")));
                // Someone follows the run with the CLI; it must wait for the gateway to come back, not give up.
                watch = new PackagedCli(first.url()).start(watchOut, watchErr, "runs", "watch", id);
                await().atMost(WAIT).until(() -> Files.readString(watchOut).contains("01-deploy    RUNNING"));
                first.kill(); // SIGKILL: no shutdown hook, nothing flushed
                port = first.port();
            }

            try (PackagedService second = PackagedService.start("gateway", bootstrap, port)) {
                JsonPath afterRestart = run(second, id);
                assertThat(afterRestart.getString("state")).isEqualTo("RUNNING");
                assertThat(afterRestart.getString("steps[0].status")).isEqualTo("RUNNING");

                services.release(id);
                String runId = id;
                assertThat(new GatewayApi(second).awaitEnded(runId, "SUCCEEDED").getList("steps.status"))
                        .containsOnly("SUCCEEDED");
                assertThat(services.commandsOf(id))
                        .extracting(c -> c.stepId() + "#" + c.attempt())
                        .containsExactly("01-deploy#1", "02-verify#1", "03-teardown#1");
                PackagedCli.Result watched = PackagedCli.awaitResult(watch, watchOut, watchErr);
                assertThat(watched.exit())
                        .as("zklab runs watch across the restart: %s", watched)
                        .isZero();
                assertThat(watched.out())
                        .contains(
                                "  (cannot reach the gateway at " + second.url() + ": ",
                                "; trying again for up to 2 min 00 s)",
                                "  01-deploy    SUCCEEDED in ",
                                "run " + id.substring(0, 8) + " SUCCEEDED in ");
            }
        }
    }

    private static JsonPath run(PackagedService gateway, String id) {
        return new GatewayApi(gateway).get(id);
    }
}
