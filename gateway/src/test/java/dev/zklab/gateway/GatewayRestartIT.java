package dev.zklab.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zklab.kafka.KafkaBrokerTestResource;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The run history is a projection of the events topic: kill -9 the gateway (its packaged jar, in a
 * process of its own) in the middle of a run, start it again, and the run is still there and finishes.
 */
class GatewayRestartIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void runSurvivesAKilledGateway() throws Exception {
        String bootstrap = KafkaBrokerTestResource.broker().bootstrapServers();
        try (ScriptedStepServices services = new ScriptedStepServices(bootstrap)) {
            String id;
            try (PackagedService first = PackagedService.start("gateway", bootstrap)) {
                id = RestAssured.given().baseUri(first.url()).contentType("application/json")
                        .body("{\"steps\": [{\"name\": \"deploy\", \"params\": {\"test.behaviour\": \"hold\"}}, \"verify\"]}")
                        .post("/api/runs").then().statusCode(202).extract().path("id");
                String runId = id;
                await().atMost(WAIT).until(() -> "RUNNING".equals(run(first, runId).getString("steps[0].status")));
                first.kill(); // SIGKILL: no shutdown hook, nothing flushed
            }

            try (PackagedService second = PackagedService.start("gateway", bootstrap)) {
                JsonPath afterRestart = run(second, id);
                assertThat(afterRestart.getString("state")).isEqualTo("RUNNING");
                assertThat(afterRestart.getString("steps[0].status")).isEqualTo("RUNNING");

                services.release(id);
                String runId = id;
                await().atMost(WAIT).until(() -> "SUCCEEDED".equals(run(second, runId).getString("state")));
                assertThat(run(second, id).getList("steps.status")).containsOnly("SUCCEEDED");
                assertThat(services.commandsOf(id)).extracting(c -> c.stepId() + "#" + c.attempt())
                        .containsExactly("01-deploy#1", "02-verify#1", "03-teardown#1");
            }
        }
    }

    private static JsonPath run(PackagedService gateway, String id) {
        return RestAssured.given().baseUri(gateway.url()).get("/api/runs/" + id)
                .then().statusCode(200).extract().jsonPath();
    }
}
