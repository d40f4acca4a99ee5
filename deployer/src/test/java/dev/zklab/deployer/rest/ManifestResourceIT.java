package dev.zklab.deployer.rest;

import static dev.zklab.security.TestTokens.VIEWER;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.zklab.kafka.KafkaBrokerTestResource;
import dev.zklab.security.TestSignIn;
import dev.zklab.security.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The dry-run endpoint over HTTP: the manifests a spec renders to, or 400 naming what to fix; only for a signed-in caller. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(TestSignIn.class)
class ManifestResourceIT {

    @Test
    void rendersTheLabsManifestsForAnEmptySpec() {
        given().auth()
                .oauth2(VIEWER)
                .contentType("application/json")
                .body("{}")
                .when()
                .post("/api/manifests")
                .then()
                .statusCode(200)
                .contentType(ManifestResource.YAML)
                .body(
                        startsWith(
                                "# Rendered by zklab's deployer (dry run, nothing applied): 3 members, current profile, namespace zk-preview"),
                        containsString("kind: \"StatefulSet\""),
                        containsString("apiVersion: \"policy/v1\""),
                        containsString("name: \"zk-hs\""),
                        containsString("name: \"zk-cs\""),
                        containsString("tickTime=2000"),
                        containsString("storage: \"10Gi\""));
    }

    @Test
    void rendersWhatTheSpecAsksFor() {
        given().auth()
                .oauth2(VIEWER)
                .contentType("application/json")
                .body("{\"replicas\": 5, \"namespace\": \"team-a\", \"zookeeper\": {\"tickTime\": \"3000\"}}")
                .when()
                .post("/api/manifests")
                .then()
                .statusCode(200)
                .body(
                        containsString("replicas: 5"),
                        containsString("namespace: \"team-a\""),
                        containsString("tickTime=3000"),
                        containsString("server.5=zk-4.zk-hs.team-a.svc.cluster.local:2888:3888:participant;2181"));
    }

    @Test
    void badInputIsAProblemThatNamesTheField() {
        given().auth()
                .oauth2(VIEWER)
                .contentType("application/json")
                .body(
                        "{\"replicas\": 0, \"imageProfile\": \"latest\", \"storageSize\": \"ten\", \"namespace\": \"Team_A\"}")
                .when()
                .post("/api/manifests")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("title", equalTo("Invalid ensemble spec"))
                .body(
                        "errors.field",
                        contains(
                                "ensemble.replicas",
                                "ensemble.storageSize",
                                "ensemble.namespace",
                                "ensemble.imageProfile"))
                .body(
                        "errors.find { it.field == 'ensemble.replicas' }.message",
                        equalTo("must be from 1 to 9 members (the lab uses 3), got 0"))
                .body(
                        "errors.find { it.field == 'ensemble.storageSize' }.message",
                        equalTo("'ten' is not a Kubernetes quantity; write e.g. 10Gi"))
                .body(
                        "errors.find { it.field == 'ensemble.namespace' }.message",
                        startsWith("'Team_A' is not a namespace name"))
                .body(
                        "errors.find { it.field == 'ensemble.imageProfile' }.message",
                        startsWith("unknown image profile 'latest'"));
    }

    @Test
    void theDryRunTakesTheGatewaysTokensAndNothingElse() {
        given().contentType("application/json")
                .body("{}")
                .post("/api/manifests")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer");
        given().auth()
                .oauth2(TestTokens.OPERATOR + "x")
                .contentType("application/json")
                .body("{}")
                .post("/api/manifests")
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(TestTokens.jwt("erin@example.com", Set.of("viewer")))
                .contentType("application/json")
                .body("{}")
                .post("/api/manifests")
                .then()
                .statusCode(200);
    }
}
