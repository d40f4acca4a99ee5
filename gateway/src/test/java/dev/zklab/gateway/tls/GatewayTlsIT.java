package dev.zklab.gateway.tls;

import static dev.zklab.security.TestTokens.ADMIN;
import static dev.zklab.security.TestTokens.VIEWER;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.zklab.kafka.KafkaBrokerTestResource;
import dev.zklab.security.TestSignIn;
import dev.zklab.steps.SelfSignedCertificate;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.File;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * A locked-down gateway, as docs/operating.md sets one up. The TLS switch (Quarkus' TLS registry): given a certificate and its
 * key, the API is served over HTTPS only; a client that trusts the certificate reads and starts runs, one that does not
 * is refused in the handshake. Metrics and OpenAPI behind a token: open by default, each one setting away from it.
 */
@QuarkusTest
@TestProfile(GatewayTlsIT.TlsOn.class)
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(TestSignIn.class)
class GatewayTlsIT {

    private static final SelfSignedCertificate CERTIFICATE = SelfSignedCertificate.create();
    private static final File KEYSTORE = CERTIFICATE.keyStore().toFile();
    private static final String PASSWORD = CERTIFICATE.password();

    /** What an operator sets to switch TLS on (docs/operating.md): the key store, and no plain HTTP; and to close metrics and OpenAPI. */
    public static class TlsOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.tls.key-store.p12.path",
                    CERTIFICATE.keyStore().toString(),
                    "quarkus.tls.key-store.p12.password",
                    PASSWORD,
                    "quarkus.http.insecure-requests",
                    "disabled",
                    "quarkus.http.test-ssl-port",
                    "0",
                    "quarkus.http.auth.permission.metrics.policy",
                    "authenticated",
                    "quarkus.http.auth.permission.openapi.policy",
                    "authenticated");
        }
    }

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Test
    void theApiIsServedOverHttpsWithTheConfiguredCertificate() {
        assertThat(https.getProtocol()).isEqualTo("https");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> given().trustStore(KEYSTORE, PASSWORD)
                                .baseUri(https.toString())
                                .get("/q/health/ready")
                                .statusCode()
                        == 200);
        given().auth()
                .oauth2(ADMIN)
                .trustStore(KEYSTORE, PASSWORD)
                .baseUri(https.toString())
                .contentType("application/json")
                .body(
                        "{\"cluster\": {\"provider\": \"local\", \"name\": \"tls\"}, \"steps\": [\"verify\"], \"options\": {\"keepCluster\": true}}")
                .post("/api/runs")
                .then()
                .statusCode(202);
        given().auth()
                .oauth2(ADMIN)
                .trustStore(KEYSTORE, PASSWORD)
                .baseUri(https.toString())
                .get("/api/runs")
                .then()
                .statusCode(200);

        assertThatThrownBy(() -> given().baseUri(https.toString()).get("/api/runs"))
                .as("a client that does not trust the gateway's certificate")
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void metricsAndOpenApiCanBeClosedToCallersWithoutAToken() {
        for (String path : new String[] {"/q/metrics", "/q/openapi"}) {
            given().trustStore(KEYSTORE, PASSWORD)
                    .baseUri(https.toString())
                    .get(path)
                    .then()
                    .statusCode(401)
                    .header("WWW-Authenticate", "Bearer");
            given().auth()
                    .oauth2(VIEWER)
                    .trustStore(KEYSTORE, PASSWORD)
                    .baseUri(https.toString())
                    .get(path)
                    .then()
                    .statusCode(200);
        }
        given().trustStore(KEYSTORE, PASSWORD)
                .baseUri(https.toString())
                .get("/q/health")
                .then()
                .statusCode(200);
    }
}
