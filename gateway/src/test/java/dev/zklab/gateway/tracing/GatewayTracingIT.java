package dev.zklab.gateway.tracing;

import static dev.zklab.security.TestTokens.ADMIN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zklab.contracts.messaging.Service;
import dev.zklab.contracts.messaging.Topics;
import dev.zklab.kafka.KafkaBrokerTestResource;
import dev.zklab.security.TestSignIn;
import dev.zklab.steps.KafkaTestClient;
import dev.zklab.steps.ScriptedStepServices;
import dev.zklab.support.tracing.RunSpans;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gateway with tracing on (it is off by default), over the real broker: a run started through the API is one
 * trace — the HTTP request's span, the run's span under it with the run's id, a span per command under that — and
 * each command goes to its service with the command's span in its {@code traceparent} header, where the step
 * service's span of the step takes it as parent (StepCommandProcessorTest).
 */
@QuarkusTest
@TestProfile(GatewayTracingIT.TracingOn.class)
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(TestSignIn.class)
class GatewayTracingIT {

    public static class TracingOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false");
        }
    }

    @Inject
    InMemorySpanExporter spans;

    @Test
    void aRunStartedThroughTheApiIsOneTraceAndEachCommandCarriesItsSpan() {
        String bootstrap = KafkaBrokerTestResource.broker().bootstrapServers();
        try (ScriptedStepServices services = new ScriptedStepServices(bootstrap);
                KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            List<KafkaTestClient.Received> commands = kafka.record(Topics.commands(Service.DEPLOYER));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> given().get("/q/health/ready").statusCode() == 200);
            String id = given().auth()
                    .oauth2(ADMIN)
                    .contentType("application/json")
                    .body(
                            "{\"cluster\": {\"provider\": \"local\", \"name\": \"traced\"}, \"steps\": [\"deploy\"], \"options\": {\"keepCluster\": true}}")
                    .post("/api/runs")
                    .then()
                    .statusCode(202)
                    .extract()
                    .path("id");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> "SUCCEEDED"
                            .equals(given().auth()
                                    .oauth2(ADMIN)
                                    .get("/api/runs/" + id)
                                    .path("state")));

            SpanData run = await().atMost(Duration.ofSeconds(30)).until(() -> span(RunSpans.run(), id), s -> s != null);
            SpanData command = await().atMost(Duration.ofSeconds(30))
                    .until(() -> span(RunSpans.command("01-deploy"), id), s -> s != null);
            // The request's span ends after the run's (once the answer is written), so it may come in a later export.
            SpanData request = await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> spans.getFinishedSpanItems().stream()
                                    .filter(s -> s.getSpanId().equals(run.getParentSpanId()))
                                    .findFirst()
                                    .orElse(null),
                            s -> s != null);
            assertThat(request.getKind()).as("the HTTP request's span").isEqualTo(SpanKind.SERVER);
            assertThat(request.getName()).contains("/api/runs");
            assertThat(command.getParentSpanId()).isEqualTo(run.getSpanId());
            assertThat(command.getTraceId()).isEqualTo(request.getTraceId());
            assertThat(command.getKind()).isEqualTo(SpanKind.PRODUCER);

            KafkaTestClient.Received sent = await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> commands.stream()
                                    .filter(c -> id.equals(c.key()))
                                    .findFirst()
                                    .orElse(null),
                            c -> c != null);
            assertThat(sent.traceparent())
                    .as("W3C trace context of the command's span")
                    .isEqualTo("00-" + command.getTraceId() + "-" + command.getSpanId() + "-01");
        }
    }

    private SpanData span(String name, String runId) {
        return spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals(name)
                        && runId.equals(s.getAttributes().get(RunSpans.RUN_ID)))
                .findFirst()
                .orElse(null);
    }
}
