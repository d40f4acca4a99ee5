package dev.zklab.gateway;

import static dev.zklab.security.TestTokens.ADMIN;
import static dev.zklab.security.TestTokens.OPERATOR;
import static dev.zklab.security.TestTokens.VIEWER;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.zklab.kafka.KafkaBrokerTestResource;
import dev.zklab.security.TestSignIn;
import dev.zklab.security.TestTokens;
import dev.zklab.support.security.TokenFile;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who may call the gateway (REST Assured, real Kafka, the tests' tokens file and JWT key): 401 without a valid token,
 * 403 for a role that may not, both problem+json; each role's rights; JWTs beside API tokens; who asked, recorded in
 * the run; refusals counted; health, metrics, OpenAPI and the schemas open.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(TestSignIn.class)
class AccessIT {

    private static final String PROBLEM = "application/problem+json";
    private static final String LAB_STEP = "{\"steps\": [\"deploy\"]}";

    @BeforeEach
    void ready() {
        GatewayIT.awaitReady();
    }

    @Test
    void withoutATokenTheApiAnswers401SayingHowToSignIn() {
        given().contentType("application/json")
                .body("{}")
                .post("/api/runs")
                .then()
                .statusCode(401)
                .contentType(PROBLEM)
                .header("WWW-Authenticate", "Bearer")
                .body("title", equalTo("Unauthorized"))
                .body("detail", containsString("Authorization: Bearer"));
        given().get("/api/runs").then().statusCode(401).contentType(PROBLEM);
        given().get("/api/runs/nope/report").then().statusCode(401).contentType(PROBLEM);
        given().post("/api/runs/nope/cancel").then().statusCode(401).contentType(PROBLEM);
        given().accept("text/event-stream").get("/api/runs/nope/events").then().statusCode(401);
        given().accept("text/event-stream").get("/api/runs/nope/changes").then().statusCode(401);
        given().contentType("application/json")
                .body("{}")
                .post("/api/manifests")
                .then()
                .statusCode(401)
                .contentType(PROBLEM);
        given().contentType("application/json")
                .body("{}")
                .post("/api/drain-preflight")
                .then()
                .statusCode(401)
                .contentType(PROBLEM);
    }

    @Test
    void aTokenThatIsNotAcceptedIs401AndIsNeverEchoed() {
        String unknown = TokenFile.TOKEN_PREFIX + "not-in-the-file";
        for (String token :
                new String[] {unknown, "not-a-jwt", TestTokens.jwtOfAnotherIssuerKey("mallory", Set.of("admin"))}) {
            String body = given().auth()
                    .oauth2(token)
                    .get("/api/runs")
                    .then()
                    .statusCode(401)
                    .contentType(PROBLEM)
                    .header("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                    .body("detail", containsString("not accepted"))
                    .extract()
                    .asString();
            assertThat(body).doesNotContain(token);
        }
    }

    @Test
    void aViewerReadsButMayNotStartOrCancelAndIsToldWhichRoleItNeeds() {
        String id = given().auth()
                .oauth2(OPERATOR)
                .contentType("application/json")
                .body(LAB_STEP)
                .post("/api/runs")
                .then()
                .statusCode(202)
                .extract()
                .path("id");

        given().auth().oauth2(VIEWER).get("/api/runs").then().statusCode(200);
        given().auth().oauth2(VIEWER).get("/api/runs/" + id).then().statusCode(200);
        given().auth()
                .oauth2(VIEWER)
                .accept("text/plain")
                .get("/api/runs/" + id + "/report")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(VIEWER)
                .contentType("application/json")
                .body(LAB_STEP)
                .post("/api/runs")
                .then()
                .statusCode(403)
                .contentType(PROBLEM)
                .body("title", equalTo("Forbidden"))
                .body(
                        "detail",
                        containsString("test-viewer (viewer) may not POST /api/runs: it needs the operator role"));
        given().auth()
                .oauth2(VIEWER)
                .post("/api/runs/" + id + "/cancel")
                .then()
                .statusCode(403)
                .contentType(PROBLEM);
    }

    @Test
    void aRunRecordsWhoRequestedItAndWhoCancelledIt() {
        String id = given().auth()
                .oauth2(OPERATOR)
                .contentType("application/json")
                .body(LAB_STEP)
                .post("/api/runs")
                .then()
                .statusCode(202)
                .body("requestedBy", equalTo("test-operator"))
                .extract()
                .path("id");
        given().auth()
                .oauth2(ADMIN)
                .post("/api/runs/" + id + "/cancel")
                .then()
                .statusCode(202)
                .body("cancelledBy", equalTo("test-admin"));

        given().auth()
                .oauth2(VIEWER)
                .get("/api/runs/" + id + "/report")
                .then()
                .statusCode(200)
                .body("run.requestedBy", equalTo("test-operator"))
                .body("run.cancelledBy", equalTo("test-admin"))
                .body(
                        "events.find { it.type == 'dev.zklab.run.requested.v1' }.data.requestedBy",
                        equalTo("test-operator"))
                .body(
                        "events.find { it.type == 'dev.zklab.run.cancelled.v1' }.data.cancelledBy",
                        equalTo("test-admin"));
        assertThat(given().auth()
                        .oauth2(VIEWER)
                        .accept("text/plain")
                        .get("/api/runs/" + id + "/report")
                        .asString())
                .contains("requested by test-operator · cancelled by test-admin");
    }

    @Test
    void keepingAClusterAndForcingADrillNeedAnAdmin() {
        String keep = "{\"steps\": [\"deploy\"], \"options\": {\"keepCluster\": true}}";
        String force = "{\"steps\": [\"deploy\", {\"name\": \"drain\", \"params\": {\"force\": \"true\"}}]}";

        given().auth()
                .oauth2(OPERATOR)
                .contentType("application/json")
                .body(keep)
                .post("/api/runs")
                .then()
                .statusCode(403)
                .contentType(PROBLEM)
                .body("errors[0].field", equalTo("options.keepCluster"))
                .body("detail", containsString("needs the admin role"));
        given().auth()
                .oauth2(OPERATOR)
                .contentType("application/json")
                .body(force)
                .post("/api/runs")
                .then()
                .statusCode(403)
                .body("errors[0].field", equalTo("steps[1].params.force"));
        given().auth()
                .oauth2(ADMIN)
                .contentType("application/json")
                .body(keep)
                .post("/api/runs")
                .then()
                .statusCode(202);
        given().auth()
                .oauth2(ADMIN)
                .contentType("application/json")
                .body(force)
                .post("/api/runs")
                .then()
                .statusCode(202);
    }

    @Test
    void aJwtFromTheTeamsIdentityProviderSignsInWithItsGroupsAsRoles() {
        String carol = TestTokens.jwt("carol@example.com", Set.of("operator"));
        String dave = TestTokens.jwt("dave@example.com", Set.of("viewer", "auditors"));

        given().auth()
                .oauth2(carol)
                .contentType("application/json")
                .body(LAB_STEP)
                .post("/api/runs")
                .then()
                .statusCode(202)
                .body("requestedBy", equalTo("carol@example.com"));
        given().auth().oauth2(dave).get("/api/runs").then().statusCode(200);
        given().auth()
                .oauth2(dave)
                .contentType("application/json")
                .body(LAB_STEP)
                .post("/api/runs")
                .then()
                .statusCode(403)
                .body("detail", containsString("dave@example.com"));
    }

    @Test
    void refusalsAreCountedByReasonAndHealthMetricsOpenApiAndSchemasStayOpen() {
        double noToken = refused("no-token");
        double badToken = refused("bad-token");
        double forbidden = refused("forbidden");

        given().get("/api/runs").then().statusCode(401);
        given().auth()
                .oauth2(TokenFile.TOKEN_PREFIX + "guess")
                .get("/api/runs")
                .then()
                .statusCode(401);
        given().auth().oauth2(VIEWER).post("/api/runs/x/cancel").then().statusCode(403);

        assertThat(refused("no-token")).isEqualTo(noToken + 1);
        assertThat(refused("bad-token")).isEqualTo(badToken + 1);
        assertThat(refused("forbidden")).isEqualTo(forbidden + 1);
        given().get("/q/health").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
        given().get("/api/schemas/run-report.json").then().statusCode(200);
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(not(containsString(VIEWER)), not(containsString("guess")));
    }

    private static double refused(String reason) {
        return GatewayIT.counter("zklab_http_requests_refused_total{reason=\"" + reason + "\"");
    }
}
