package dev.zklab.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zklab.kafka.KafkaBrokerTestResource;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The run history is a projection of the events topic: kill -9 the gateway (its packaged jar, in a
 * process of its own) in the middle of a run, start it again, and the run is still there and finishes.
 */
class GatewayRestartIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final Duration WAIT = Duration.ofSeconds(90);

    private Process gateway;

    @AfterEach
    void stopGateway() {
        if (gateway != null) {
            gateway.destroyForcibly();
        }
    }

    @Test
    void runSurvivesAKilledGateway() throws Exception {
        assertThat(JAR).as("the packaged gateway (mvn package builds it)").exists();
        String bootstrap = KafkaBrokerTestResource.broker().bootstrapServers();
        try (ScriptedStepServices services = new ScriptedStepServices(bootstrap)) {
            int port = start(bootstrap, "first");
            String id = RestAssured.given().baseUri("http://127.0.0.1:" + port).contentType("application/json")
                    .body("{\"steps\": [{\"name\": \"deploy\", \"params\": {\"test.behaviour\": \"hold\"}}, \"verify\"]}")
                    .post("/api/runs").then().statusCode(202).extract().path("id");
            await().atMost(WAIT).until(() -> "RUNNING".equals(run(port, id).getString("steps[0].status")));

            gateway.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, nothing flushed
            int restarted = start(bootstrap, "second");

            JsonPath afterRestart = run(restarted, id);
            assertThat(afterRestart.getString("state")).isEqualTo("RUNNING");
            assertThat(afterRestart.getString("steps[0].status")).isEqualTo("RUNNING");

            services.release(id);
            await().atMost(WAIT).until(() -> "SUCCEEDED".equals(run(restarted, id).getString("state")));
            assertThat(run(restarted, id).getList("steps.status")).containsOnly("SUCCEEDED");
            assertThat(services.commandsOf(id)).extracting(c -> c.stepId() + "#" + c.attempt())
                    .containsExactly("01-deploy#1", "02-verify#1", "03-teardown#1");
        }
    }

    private int start(String bootstrap, String name) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Files.createTempFile("gateway-" + name + "-", ".log");
        gateway = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dkafka.bootstrap.servers=" + bootstrap, "-Dquarkus.http.port=" + port, "-jar", JAR.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int p = port;
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() ->
                RestAssured.given().baseUri("http://127.0.0.1:" + p).get("/q/health/ready").statusCode() == 200
                        && RestAssured.given().baseUri("http://127.0.0.1:" + p).get("/api/runs").statusCode() == 200);
        return port;
    }

    private static JsonPath run(int port, String id) {
        return RestAssured.given().baseUri("http://127.0.0.1:" + port).get("/api/runs/" + id)
                .then().statusCode(200).extract().jsonPath();
    }
}
