package dev.zklab.gateway;

import static dev.zklab.security.TestTokens.ADMIN;
import static dev.zklab.security.TestTokens.OPERATOR;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zklab.contracts.api.RunChange;
import dev.zklab.contracts.api.RunView;
import dev.zklab.contracts.messaging.Topics;
import dev.zklab.kafka.KafkaBrokerTestResource;
import dev.zklab.security.TestSignIn;
import dev.zklab.steps.KafkaTestClient;
import dev.zklab.steps.ScriptedStepServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's orchestration over a real Kafka broker, driven through its REST API, with step
 * services that answer at once: success, step failure, retry, timeout, cancellation, a duplicate
 * answer, and an unparseable event.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(TestSignIn.class)
class GatewayIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static ScriptedStepServices services;

    @BeforeAll
    static void startServices() {
        services = new ScriptedStepServices(KafkaBrokerTestResource.broker().bootstrapServers());
    }

    @BeforeEach
    void ready() {
        awaitReady();
    }

    /** Waits until the gateway has rebuilt its run history (its readiness). */
    static void awaitReady() {
        await().atMost(WAIT).until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    @AfterAll
    static void stopServices() {
        services.close();
    }

    @Test
    void successfulRunDoesEveryStepThenItsCleanup() {
        String id = start("""
                {"cluster": {"provider": "local", "name": "it-ok"}, "steps": ["deploy", "verify", "drain"]}""");

        JsonPath run = awaitState(id, "SUCCEEDED");

        assertThat(run.getList("steps.id"))
                .containsExactly("01-deploy", "02-verify", "03-drain", "04-uncordon", "05-teardown");
        assertThat(run.getList("steps.status")).containsOnly("SUCCEEDED");
        assertThat(run.getList("steps.attempts", Integer.class)).containsOnly(1);
        assertThat(run.getString("steps[0].evidence.step")).isEqualTo("deploy");
        assertThat(run.getString("steps[0].startedAt")).isNotNull();
        assertThat(run.getString("steps[0].endedAt")).isNotNull();
        assertThat(run.getString("steps[4].service")).isEqualTo("provisioner");

        given().auth()
                .oauth2(OPERATOR)
                .get("/api/runs/" + id + "/report")
                .then()
                .statusCode(200)
                .body("summary.outcome", org.hamcrest.Matchers.equalTo("SUCCEEDED"))
                .body("events.type", org.hamcrest.Matchers.hasItem("dev.zklab.run.completed.v1"));
        given().auth()
                .oauth2(OPERATOR)
                .accept("text/html")
                .get("/api/runs/" + id + "/report")
                .then()
                .statusCode(200)
                .body(containsString("SUCCEEDED"), containsString("05-teardown"));
        // A drill is compared only with one that measured (the scripted drainer's evidence has no probe), and with a
        // run that exists.
        given().auth()
                .oauth2(OPERATOR)
                .accept("text/html")
                .queryParam("compare", id)
                .get("/api/runs/" + id + "/report")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("compare"))
                .body(
                        "errors[0].message",
                        org.hamcrest.Matchers.equalTo("run " + id + " has no drill with the probe's figures to"
                                + " compare with; give a run whose drain step succeeded"));
        given().auth()
                .oauth2(OPERATOR)
                .queryParam("compare", "nope")
                .get("/api/runs/" + id + "/report")
                .then()
                .statusCode(400)
                .body("errors[0].message", org.hamcrest.Matchers.startsWith("no run nope to compare with"));
        String sse = given().auth()
                .oauth2(OPERATOR)
                .accept("text/event-stream")
                .get("/api/runs/" + id + "/events")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(sse)
                .contains("dev.zklab.run.requested.v1", "dev.zklab.step.succeeded.v1", "dev.zklab.run.completed.v1");
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains(
                        "zklab_runs_started_total",
                        "zklab_runs_succeeded_total",
                        "zklab_runs_in_flight",
                        "zklab_step_duration_seconds_bucket{outcome=\"succeeded\",service=\"gateway\",step=\"deploy\"",
                        "zklab_orchestration_lag_seconds_count{step=\"deploy\"} ");
    }

    @Test
    void theReportPageShowsEveryCheckOfAVerificationEscaped() {
        String id = start("""
                {"steps": [{"name": "verify", "params": {"test.behaviour": "checks"}}], "options": {"keepCluster": true}}""");
        awaitState(id, "FAILED");

        String html = given().auth()
                .oauth2(OPERATOR)
                .accept("text/html")
                .get("/api/runs/" + id + "/report")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(html)
                .startsWith("<!doctype html>")
                .contains(
                        "<strong>FAILED</strong> — The run failed: step 01-verify failed: 1 of 2 checks failed: pdb: &lt;b&gt;zk-pdb&lt;/b&gt; is missing.")
                .contains(
                        "<td class=\"SUCCEEDED\">one-leader</td><td>exactly one leader</td><td>zk-0 leader, zk-1 follower</td>")
                .contains(
                        "<td class=\"FAILED\">pdb</td><td>zk-pdb: maxUnavailable 1</td><td>no PodDisruptionBudget zk-pdb</td>"
                                + "<td>&lt;b&gt;zk-pdb&lt;/b&gt; is missing</td>")
                .doesNotContain("<b>zk-pdb</b>")
                .doesNotContain("\"checks\"");
        assertThat(given().auth()
                        .oauth2(OPERATOR)
                        .accept("text/plain")
                        .get("/api/runs/" + id + "/report")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .contains("[FAIL] pdb", "why:      <b>zk-pdb</b> is missing", "[pass] one-leader");
    }

    @Test
    void failedStepSkipsTheRestButCleanupStillRuns() {
        String id = start("""
                {"steps": [{"name": "deploy", "params": {"test.behaviour": "fail"}}, "verify"]}""");

        JsonPath run = awaitState(id, "FAILED");

        assertThat(run.getList("steps.status")).containsExactly("FAILED", "SKIPPED", "SUCCEEDED");
        assertThat(run.getString("steps[0].reason")).isEqualTo("scripted failure");
        assertThat(run.getString("reason")).isEqualTo("step 01-deploy failed: scripted failure");
        assertThat(run.getString("steps[2].id")).isEqualTo("03-teardown");
    }

    @Test
    void retryableFailureIsTriedAgain() {
        String id = start("""
                {"steps": [{"name": "deploy", "params": {"test.behaviour": "fail-once-retryable"}}],
                 "options": {"keepCluster": true}}""");

        JsonPath run = awaitState(id, "SUCCEEDED");

        assertThat(run.getList("steps.id")).containsExactly("01-deploy");
        assertThat(run.getInt("steps[0].attempts")).isEqualTo(2);
    }

    @Test
    void stepThatTakesTooLongTimesOutAndCleanupStillRuns() {
        String id = start("""
                {"steps": [{"name": "deploy", "params": {"test.behaviour": "hang"}}, "verify"],
                 "options": {"stepTimeouts": {"deploy": 2}}}""");

        JsonPath run = awaitState(id, "FAILED");

        assertThat(run.getString("steps[0].reason")).isEqualTo("timed out after 2s waiting for the deployer");
        assertThat(run.getList("steps.status")).containsExactly("FAILED", "SKIPPED", "SUCCEEDED");
    }

    @Test
    void cancelledRunStopsAndCleanupStillRuns() {
        String id = start("""
                {"steps": [{"name": "deploy", "params": {"test.behaviour": "hang"}}, "drain"]}""");
        await().atMost(WAIT).until(() -> "RUNNING".equals(get(id).getString("steps[0].status")));

        given().auth()
                .oauth2(OPERATOR)
                .post("/api/runs/" + id + "/cancel")
                .then()
                .statusCode(202);

        JsonPath run = awaitState(id, "CANCELLED");
        assertThat(run.getList("steps.status")).containsExactly("CANCELLED", "SKIPPED", "SUCCEEDED", "SUCCEEDED");
        assertThat(run.getList("steps.id")).containsExactly("01-deploy", "02-drain", "03-uncordon", "04-teardown");
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(services.cancellationsOf(id)).hasSize(4));
        given().auth()
                .oauth2(OPERATOR)
                .post("/api/runs/" + id + "/cancel")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("already ended"));
    }

    /**
     * The changes stream a live view follows: the whole run first, then after each event only what changed; applied in
     * order they give the run the API serves, and the stream ends with the run.
     */
    @Test
    void aFollowerGetsTheWholeRunThenOnlyWhatChangedAndEndsWithTheRun() throws Exception {
        String id = start("""
                {"steps": [{"name": "deploy", "params": {"test.behaviour": "hang"}}, "drain"]}""");
        await().atMost(WAIT).until(() -> "RUNNING".equals(get(id).getString("steps[0].status")));
        HttpRequest follow = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + RestAssured.port + "/api/runs/" + id + "/changes"))
                .header("Authorization", "Bearer " + OPERATOR)
                .header("Accept", "text/event-stream")
                .build();
        ObjectMapper json = new ObjectMapper().findAndRegisterModules();
        List<RunChange> changes = new ArrayList<>();
        Iterator<String> lines = HttpClient.newHttpClient()
                .send(follow, HttpResponse.BodyHandlers.ofLines())
                .body()
                .filter(l -> l.startsWith("data:"))
                .iterator();
        changes.add(json.readValue(lines.next().substring("data:".length()), RunChange.class));
        given().auth()
                .oauth2(OPERATOR)
                .post("/api/runs/" + id + "/cancel")
                .then()
                .statusCode(202);
        while (lines.hasNext()) { // until the run has ended: then the gateway ends the stream
            changes.add(json.readValue(lines.next().substring("data:".length()), RunChange.class));
        }

        RunView served = json.readValue(
                given().auth().oauth2(OPERATOR).get("/api/runs/" + id).asString(), RunView.class);
        assertThat(changes.get(0).run()).as("the first change is the whole run").isNotNull();
        assertThat(changes.get(0).run().state().name()).isEqualTo("RUNNING");
        assertThat(changes.subList(1, changes.size()))
                .as("then only what changed")
                .isNotEmpty()
                .allSatisfy(change -> assertThat(change.run()).isNull())
                .anySatisfy(change -> assertThat(change.steps())
                        .hasSizeLessThan(served.steps().size()));
        RunView folded = null;
        for (RunChange change : changes) {
            folded = change.applyTo(folded);
        }
        assertThat(folded).isEqualTo(served);
        assertThat(folded.state().name()).isEqualTo("CANCELLED");
    }

    @Test
    void aDuplicateAnswerAdvancesTheRunOnce() {
        String id = start("""
                {"steps": [{"name": "deploy", "params": {"test.behaviour": "duplicate"}}, "verify"],
                 "options": {"keepCluster": true}}""");

        awaitState(id, "SUCCEEDED");

        assertThat(services.commandsOf(id))
                .extracting(c -> c.stepId() + "#" + c.attempt())
                .containsExactly("01-deploy#1", "02-verify#1");
    }

    @Test
    void anUnparseableEventIsDeadLetteredCountedAndTheGatewayGoesOn() {
        double before = counter("zklab_dead_lettered_messages_total");
        try (KafkaTestClient kafka =
                new KafkaTestClient(KafkaBrokerTestResource.broker().bootstrapServers())) {
            List<KafkaTestClient.Received> dead = kafka.record(Topics.deadLetter(Topics.EVENTS));
            kafka.sendRaw(Topics.EVENTS, "junk", "{\"not\": \"a cloud event\"}");

            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(dead)
                            .extracting(KafkaTestClient.Received::value)
                            .contains("{\"not\": \"a cloud event\"}"));
        }
        await().atMost(WAIT).until(() -> counter("zklab_dead_lettered_messages_total") >= before + 1);

        awaitState(start("{\"steps\": [\"verify\"], \"options\": {\"keepCluster\": true}}"), "SUCCEEDED");
    }

    /** Starts a run as an admin: most runs here keep their (scripted) cluster, which only an admin may ask. */
    static String start(String spec) {
        return given().auth()
                .oauth2(ADMIN)
                .contentType("application/json")
                .body(spec)
                .post("/api/runs")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
    }

    static JsonPath get(String id) {
        return given().auth()
                .oauth2(OPERATOR)
                .get("/api/runs/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    static JsonPath awaitState(String id, String state) {
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(get(id).getString("state")).isEqualTo(state));
        return get(id);
    }

    static double counter(String name) {
        return given().get("/q/metrics")
                .then()
                .extract()
                .asString()
                .lines()
                .filter(l -> l.startsWith(name))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
