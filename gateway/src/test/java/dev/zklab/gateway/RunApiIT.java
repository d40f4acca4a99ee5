package dev.zklab.gateway;

import static dev.zklab.security.TestTokens.OPERATOR;
import static dev.zklab.security.TestTokens.VIEWER;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import dev.zklab.contracts.api.RunStatus;
import dev.zklab.kafka.KafkaBrokerTestResource;
import dev.zklab.security.TestSignIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The REST API's contract (REST Assured, real Kafka behind it): bad input is a 400 problem+json that
 * names each bad field, unknown runs are 404, idempotency keys, listing and paging, OpenAPI.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(TestSignIn.class)
class RunApiIT {

    private static final String PROBLEM = "application/problem+json";

    @BeforeEach
    void awaitReady() {
        GatewayIT.awaitReady();
    }

    @Test
    void everyBadFieldIsNamed() {
        ValidatableResponse response = post("""
                {"cluster": {"provider": "aws", "nodes": 0},
                 "ensemble": {"replicas": 0, "storageSize": "ten gigs", "imageProfile": "nope", "namespace": "Bad_NS",
                              "storageClass": "Fast!"},
                 "steps": ["deploy", "dance", "teardown", {"name": "scale", "params": {"replicas": "many"}}],
                 "options": {"stepTimeoutSeconds": 0, "maxAttempts": 99, "stepTimeouts": {"jump": 5}}}""").statusCode(400).contentType(PROBLEM);

        List<String> fields = response.extract().jsonPath().getList("errors.field");
        assertThat(fields)
                .containsExactlyInAnyOrder(
                        "cluster.provider",
                        "cluster.nodes",
                        "ensemble.replicas",
                        "ensemble.imageProfile",
                        "ensemble.storageSize",
                        "ensemble.storageClass",
                        "ensemble.namespace",
                        "steps[1]",
                        "steps[2]",
                        "steps[3].params.replicas",
                        "options.stepTimeoutSeconds",
                        "options.maxAttempts",
                        "options.stepTimeouts.jump");
        response.body("status", equalTo(400))
                .body("errors.find { it.field == 'ensemble.storageSize' }.message", containsString("10Gi"))
                .body("errors.find { it.field == 'steps[2]' }.message", containsString("cleanup step"));
    }

    @Test
    void malformedJsonIs400NotA500() {
        post("{\"ensemble\": ").statusCode(400).contentType(PROBLEM).body("title", equalTo("Malformed JSON"));
        post("[1, 2]").statusCode(400).contentType(PROBLEM);
    }

    @Test
    void wrongTypesAre400AndNameTheField() {
        post("{\"ensemble\": {\"replicas\": \"three\"}}")
                .statusCode(400)
                .contentType(PROBLEM)
                .body("errors[0].field", equalTo("ensemble.replicas"));
        post("{\"steps\": \"deploy\"}").statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("steps"));
    }

    @Test
    void unknownFieldsAreRefusedNotIgnored() {
        post("{\"ensemble\": {\"replica\": 3}}")
                .statusCode(400)
                .contentType(PROBLEM)
                .body("errors[0].field", equalTo("ensemble.replica"))
                .body("errors[0].message", containsString("replicas"));
    }

    /**
     * A run names a provider and a cluster (one the operator configured, or zklab makes), at most a context of the
     * operator's kubeconfig: never a kubeconfig, a server, a URL, a file or a host. Each attempt is refused, naming
     * the field; none reaches a service.
     */
    @Test
    void aRunCannotPointZklabAtAKubeconfigAServerAFileOrAHost() {
        for (String field : List.of("kubeconfig", "server", "url", "host", "token", "certificateAuthority")) {
            post("{\"cluster\": {\"provider\": \"existing\", \"name\": \"prod\", \"" + field
                            + "\": \"/etc/kubernetes/admin.conf\"}}")
                    .statusCode(400)
                    .contentType(PROBLEM)
                    .body("errors[0].field", equalTo("cluster." + field));
        }
        for (String name :
                List.of("https://10.0.0.1:6443", "../../etc/kubernetes", "/root/.kube/config", "evil.example.com")) {
            post("{\"cluster\": {\"provider\": \"existing\", \"name\": \"" + name + "\"}}")
                    .statusCode(400)
                    .contentType(PROBLEM)
                    .body("errors[0].field", equalTo("cluster.name"));
        }
        post("{\"cluster\": {\"provider\": \"gke\", \"name\": \"lab\", \"location\": \"https://container.example.com\"}}")
                .statusCode(400)
                .contentType(PROBLEM)
                .body("errors[0].field", equalTo("cluster.location"))
                .body("errors[0].message", containsString("europe-west1-c"));
        // Where the members keep their data and serve their metrics is zklab's to say.
        for (String key : List.of("dataDir", "dynamicConfigFile", "metricsProvider.httpHost")) {
            post("{\"ensemble\": {\"zookeeper\": {\"" + key + "\": \"/etc\"}}}")
                    .statusCode(400)
                    .contentType(PROBLEM)
                    .body("errors[0].field", equalTo("ensemble.zookeeper." + key));
        }
    }

    @Test
    void unknownRunIs404() {
        given().auth()
                .oauth2(OPERATOR)
                .get("/api/runs/nope")
                .then()
                .statusCode(404)
                .contentType(PROBLEM)
                .body("detail", containsString("no run with id 'nope'"));
        given().auth()
                .oauth2(OPERATOR)
                .post("/api/runs/nope/cancel")
                .then()
                .statusCode(404)
                .contentType(PROBLEM);
        given().auth()
                .oauth2(OPERATOR)
                .get("/api/runs/nope/report")
                .then()
                .statusCode(404)
                .contentType(PROBLEM);
        given().auth().oauth2(OPERATOR).get("/api/runs/nope/events").then().statusCode(404);
        given().auth().oauth2(OPERATOR).get("/api/runs/nope/changes").then().statusCode(404);
    }

    /** How a client turns the 8 characters people type into a run: the runs whose id starts with them, none, or many. */
    @Test
    void aRunIdPrefixNamesTheRunsWhoseIdStartsWithIt() {
        String id = post("{\"steps\": [\"verify\"]}").statusCode(202).extract().path("id");
        given().auth()
                .oauth2(VIEWER)
                .queryParam("idPrefix", id.substring(0, 8))
                .get("/api/runs")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].id", equalTo(id));
        given().auth()
                .oauth2(VIEWER)
                .queryParam("idPrefix", id)
                .get("/api/runs")
                .then()
                .statusCode(200)
                .body("total", equalTo(1));
        String absent = id.charAt(0) == '0' ? "1" : "0";
        given().auth()
                .oauth2(VIEWER)
                .queryParam("idPrefix", absent + id.substring(1))
                .get("/api/runs")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
        given().auth()
                .oauth2(VIEWER)
                .queryParam("idPrefix", "-")
                .get("/api/runs")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
        given().auth()
                .oauth2(VIEWER)
                .queryParam("idPrefix", "zk'; drop")
                .get("/api/runs")
                .then()
                .statusCode(400)
                .contentType(PROBLEM)
                .body("errors[0].field", equalTo("idPrefix"))
                .body("errors[0].message", startsWith("must be the start of a run id"));
    }

    /**
     * The previews the gateway relays, with a deployer and a drainer that are not there (this test's gateway points at
     * a port nothing listens on): 503, naming the service, where it was looked for and the setting that moves it.
     */
    @Test
    void aPreviewWhoseServiceIsNotThereIs503NamingItAndTheSettingToFix() {
        given().auth()
                .oauth2(VIEWER)
                .contentType("application/json")
                .body("{\"replicas\": 5}")
                .post("/api/manifests")
                .then()
                .statusCode(503)
                .contentType(PROBLEM)
                .body("title", equalTo("Service unreachable"))
                .body("detail", startsWith("the gateway could not reach the deployer at http://127.0.0.1:9 ("))
                .body("detail", containsString("point the gateway at it with zklab.gateway.deployer-url"));
        given().auth()
                .oauth2(VIEWER)
                .contentType("application/json")
                .body("{}")
                .post("/api/drain-preflight")
                .then()
                .statusCode(503)
                .contentType(PROBLEM)
                .body("detail", startsWith("the gateway could not reach the drainer at http://127.0.0.1:9 ("));
    }

    @Test
    void startAnswers202WithLocationAndTheRun() {
        ValidatableResponse response = post("{}").statusCode(202);
        String id = response.extract().path("id");

        response.header("Location", endsWith("/api/runs/" + id))
                .body("spec.cluster.provider", equalTo("local"))
                .body("spec.ensemble.replicas", equalTo(3))
                .body("spec.ensemble.storageClass", equalTo("fast"))
                .body(
                        "steps.id",
                        hasItems(
                                "01-provision-cluster",
                                "03-deploy",
                                "07-scale",
                                "09-scale",
                                "11-drain",
                                "13-uncordon"));
        given().auth()
                .oauth2(OPERATOR)
                .get("/api/runs/" + id)
                .then()
                .statusCode(200)
                .body("id", equalTo(id));
    }

    @Test
    void sameIdempotencyKeySameRun() {
        String key = UUID.randomUUID().toString();
        String spec = "{\"steps\": [\"verify\"]}";
        String first = given().auth()
                .oauth2(OPERATOR)
                .contentType("application/json")
                .header("Idempotency-Key", key)
                .body(spec)
                .post("/api/runs")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        String second = given().auth()
                .oauth2(OPERATOR)
                .contentType("application/json")
                .header("Idempotency-Key", key)
                .body(spec)
                .post("/api/runs")
                .then()
                .statusCode(202)
                .extract()
                .path("id");

        assertThat(second).isEqualTo(first);
        given().auth()
                .oauth2(OPERATOR)
                .contentType("application/json")
                .header("Idempotency-Key", key)
                .body("{\"steps\": [\"deploy\"]}")
                .post("/api/runs")
                .then()
                .statusCode(409)
                .contentType(PROBLEM)
                .body("detail", containsString(first));
    }

    @Test
    void twoRunsInFlightNeverShareAnEnsemblesNamespaceOnOneCluster() {
        String namespace = "shared-" + UUID.randomUUID().toString().substring(0, 8);
        String spec = """
                {"cluster": {"provider": "local", "name": "%s"}, "ensemble": {"namespace": "%s"}, "steps": ["verify"]}""";
        String first =
                post(spec.formatted("lab", namespace)).statusCode(202).extract().path("id");

        post(spec.formatted("lab", namespace))
                .statusCode(409)
                .contentType(PROBLEM)
                .body("title", equalTo("Namespace in use"))
                .body(
                        "detail",
                        equalTo("namespace " + namespace + " of cluster local/lab is used by run " + first
                                + ", which has"
                                + " not ended; two runs must not share an ensemble: wait for it to end (or cancel it), or choose another"
                                + " ensemble.namespace"));
        post(spec.formatted("another-lab", namespace)).statusCode(202);
        post(spec.formatted("lab", namespace + "-2")).statusCode(202);
        post("{\"steps\": [\"verify\"]}").statusCode(202);
    }

    @Test
    void listIsNewestFirstFilteredAndPaged() {
        String older =
                post("{\"steps\": [\"verify\"]}").statusCode(202).extract().path("id");
        String newer =
                post("{\"steps\": [\"verify\"]}").statusCode(202).extract().path("id");

        List<String> ids = given().auth()
                .oauth2(OPERATOR)
                .queryParam("size", 200)
                .get("/api/runs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.id");
        assertThat(ids.indexOf(newer)).isLessThan(ids.indexOf(older));
        given().auth()
                .oauth2(OPERATOR)
                .queryParam("size", 1)
                .queryParam("page", 0)
                .get("/api/runs")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(1))
                .body("size", equalTo(1));
        given().auth()
                .oauth2(OPERATOR)
                .queryParam("state", "succeeded")
                .get("/api/runs")
                .then()
                .statusCode(200)
                .body("items.findAll { it.state != 'SUCCEEDED' }.size()", equalTo(0));
    }

    @Test
    void badParametersAreNamedWithTheirFix() {
        String states = given().auth()
                .oauth2(OPERATOR)
                .queryParam("state", "sleeping")
                .queryParam("page", -1)
                .queryParam("size", 0)
                .get("/api/runs")
                .then()
                .statusCode(400)
                .contentType(PROBLEM)
                .body("errors.field", contains("page", "size", "state"))
                .body("errors.find { it.field == 'size' }.message", equalTo("must be from 1 to 200"))
                .extract()
                .jsonPath()
                .getString("errors.find { it.field == 'state' }.message");
        assertThat(states)
                .as("the states a list may be filtered by are every RunStatus")
                .contains(Arrays.stream(RunStatus.values()).map(Enum::name).toList());
        given().auth()
                .oauth2(OPERATOR)
                .contentType("application/json")
                .header("Idempotency-Key", "k".repeat(201))
                .body("{}")
                .post("/api/runs")
                .then()
                .statusCode(400)
                .contentType(PROBLEM)
                .body("errors[0].field", equalTo("Idempotency-Key"))
                .body("errors[0].message", equalTo("must be 1 to 200 characters"));
    }

    @Test
    void whatTheDeployerWouldRefuseIsRefusedHere() {
        post("""
                {"ensemble": {"imageProfile": "tutorial", "zookeeper": {"dataDir": "/tmp", "globalOutstandingLimit": "1"}}}""")
                .statusCode(400)
                .contentType(PROBLEM)
                .body(
                        "errors.field",
                        contains("ensemble.zookeeper.dataDir", "ensemble.zookeeper.globalOutstandingLimit"))
                .body("errors[0].message", containsString("zklab sets 'dataDir' itself"));
    }

    @Test
    void openApiHealthAndSwagger() {
        given().get("/q/openapi")
                .then()
                .statusCode(200)
                .body(containsString("/api/runs/{id}/cancel"))
                .body(
                        containsString("/api/runs/{id}/changes"),
                        containsString("/api/manifests"),
                        containsString("/api/drain-preflight"))
                .body(containsString("scheme: bearer"));
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/swagger-ui/").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("zklab_runs_in_flight"));
    }

    private static ValidatableResponse post(String body) {
        return given().auth()
                .oauth2(OPERATOR)
                .contentType("application/json")
                .body(body)
                .post("/api/runs")
                .then();
    }
}
