package dev.zklab.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.zklab.security.TestTokens;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** A packaged gateway's run API, as the system tests and benchmarks drive it. */
final class GatewayApi {

    static final Duration RUN_TIMEOUT = Duration.ofMinutes(6);
    /** The states in which a run has ended; CLEANING_UP is not one of them. */
    static final List<String> FINAL = List.of("SUCCEEDED", "FAILED", "CANCELLED");

    private final String url;
    private final boolean checkReports;

    GatewayApi(PackagedService gateway) {
        this(gateway.url(), false);
    }

    GatewayApi(String url) {
        this(url, false);
    }

    private GatewayApi(String url, boolean checkReports) {
        this.url = url;
        this.checkReports = checkReports;
    }

    /**
     * This API, checking the report of every run it waits for against the schema the gateway publishes: for runs of the
     * real step services (scripted ones answer with evidence of no particular shape).
     */
    GatewayApi checkingReports() {
        return new GatewayApi(url, true);
    }

    /** A request as an admin: the runs here keep the shared cluster ({@link #spec}), which only an admin may ask. */
    RequestSpecification given() {
        return RestAssured.given().baseUri(url).auth().oauth2(TestTokens.ADMIN);
    }

    /** Posts a run spec; returns the run's id. */
    String start(String spec) {
        return given().contentType("application/json")
                .body(spec)
                .post("/api/runs")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
    }

    JsonPath get(String id) {
        return given().get("/api/runs/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** Waits until the run has ended (SUCCEEDED, FAILED or CANCELLED) and asserts it ended in {@code outcome}. */
    JsonPath awaitEnded(String id, String outcome) {
        await().atMost(RUN_TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> FINAL.contains(get(id).getString("state")));
        JsonPath run = get(id);
        assertThat(run.getString("state"))
                .as("run %s: %s", id, run.getString("reason"))
                .isEqualTo(outcome);
        if (checkReports) {
            assertReportMatchesItsSchema(id);
        }
        return run;
    }

    /** The run's JSON report against the schema the gateway publishes at its stable URL: every report a test sees. */
    void assertReportMatchesItsSchema(String id) {
        assertReportMatchesItsSchema(id, null);
    }

    /** The run's JSON report, with another run's drill beside its own unless {@code compare} is null, against its schema. */
    void assertReportMatchesItsSchema(String id, String compare) {
        try {
            ObjectMapper json = new ObjectMapper();
            JsonNode schema = json.readTree(given().get("/api/schemas/run-report.json")
                    .then()
                    .statusCode(200)
                    .contentType("application/schema+json")
                    .extract()
                    .asString());
            RequestSpecification request = compare == null ? given() : given().queryParam("compare", compare);
            JsonNode report = json.readTree(request.get("/api/runs/" + id + "/report")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString());
            Set<ValidationMessage> problems = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(
                            schema,
                            SchemaValidatorsConfig.builder()
                                    .formatAssertionsEnabled(true)
                                    .build())
                    .validate(report);
            assertThat(problems)
                    .as("report of run %s against /api/schemas/run-report.json", id)
                    .isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Posts a run of these steps on the ensemble in {@code namespace} of a local cluster, waits until it has succeeded. */
    JsonPath run(String cluster, String namespace, String steps) {
        return run(cluster, namespace, steps, "SUCCEEDED");
    }

    /** Posts a run of these steps on the ensemble in {@code namespace}, waits until it ends in {@code outcome}. */
    JsonPath run(String cluster, String namespace, String steps, String outcome) {
        return awaitEnded(start(spec(cluster, namespace, steps, "")), outcome);
    }

    /**
     * The spec of a run of these steps on a local cluster it keeps, taking over the ensemble an earlier such run left in
     * {@code namespace} (runs one after another on one ensemble); {@code options} adds to the options object.
     */
    static String spec(String cluster, String namespace, String steps, String options) {
        return """
                {"cluster": {"provider": "local", "name": "%s"}, "ensemble": {"namespace": "%s", "takeOver": true},
                 "steps": %s, "options": {"keepCluster": true%s}}""".formatted(cluster, namespace, steps, options.isEmpty() ? "" : ", " + options);
    }

    /** The run's report for a terminal. */
    String report(String id) {
        return given().accept("text/plain")
                .get("/api/runs/" + id + "/report")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    /** The run's report page, for people. */
    String reportPage(String id) {
        return given().accept("text/html")
                .get("/api/runs/" + id + "/report")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    /** The run's report page with another run's drill beside its own. */
    String reportPage(String id, String compare) {
        return given().accept("text/html")
                .queryParam("compare", compare)
                .get("/api/runs/" + id + "/report")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    /** The sum of a metric's series in the gateway's Prometheus metrics. */
    double metric(String name) {
        return given().get("/q/metrics")
                .asString()
                .lines()
                .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
