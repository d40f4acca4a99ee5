package dev.zklab.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;

/** Runs on a local cluster through a packaged gateway's API, as the end-to-end tests and benchmarks start them. */
final class LabRuns {

    static final Duration RUN_TIMEOUT = Duration.ofMinutes(6);

    private LabRuns() {
    }

    /** Posts a run of these steps on the ensemble in {@code namespace}, waits until it has succeeded. */
    static JsonPath run(PackagedService gateway, String cluster, String namespace, String steps) {
        return run(gateway, cluster, namespace, steps, "SUCCEEDED");
    }

    /** Posts a run of these steps on the ensemble in {@code namespace}, waits until it ends in {@code outcome}. */
    static JsonPath run(PackagedService gateway, String cluster, String namespace, String steps, String outcome) {
        String spec = """
                {"cluster": {"provider": "local", "name": "%s"}, "ensemble": {"namespace": "%s"},
                 "steps": %s, "options": {"keepCluster": true}}""".formatted(cluster, namespace, steps);
        String id = RestAssured.given().baseUri(gateway.url()).contentType("application/json").body(spec)
                .post("/api/runs").then().statusCode(202).extract().path("id");
        await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> !List.of("REQUESTED", "RUNNING").contains(get(gateway, id).getString("state")));
        JsonPath run = get(gateway, id);
        assertThat(run.getString("state")).as("run %s: %s", steps, run.getString("reason")).isEqualTo(outcome);
        return run;
    }

    static JsonPath get(PackagedService gateway, String id) {
        return RestAssured.given().baseUri(gateway.url()).get("/api/runs/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** The run's report for a terminal. */
    static String report(PackagedService gateway, String id) {
        return RestAssured.given().baseUri(gateway.url()).accept("text/plain").get("/api/runs/" + id + "/report")
                .then().statusCode(200).extract().asString();
    }
}
