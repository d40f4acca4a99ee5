package dev.zklab.steps;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zklab.contracts.cluster.ClusterRef;
import dev.zklab.contracts.events.RunCancelled;
import dev.zklab.contracts.events.RunEvent;
import dev.zklab.contracts.events.StepFailed;
import dev.zklab.contracts.events.StepRequested;
import dev.zklab.contracts.events.StepStarted;
import dev.zklab.contracts.messaging.Service;
import dev.zklab.contracts.messaging.Topics;
import dev.zklab.contracts.run.EnsembleSpec;
import dev.zklab.contracts.run.Step;
import dev.zklab.kafka.KafkaBrokerTestResource;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every step service keeps, run against the real service on a real Kafka broker:
 * a step it cannot do yet fails with {@code not implemented yet: <step>}, a step it does fails with the
 * reason when the run's cluster does not exist; a command delivered twice
 * runs once (the service counts the second delivery); a message that cannot be parsed is dead-lettered and counted, and the consumer goes on.
 */
public abstract class StepServiceContract {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Service service;
    private final Set<Step> implemented;
    private final ClusterRef missing;
    private final List<String> reason;
    private KafkaTestClient kafka;
    private List<KafkaTestClient.Received> received;

    /** @param implemented the service's steps that have a handler */
    protected StepServiceContract(Service service, Set<Step> implemented) {
        this(
                service,
                implemented,
                new ClusterRef("local", "none", "", ""),
                "no local cluster 'none'",
                "localkube/localkube create none");
    }

    /**
     * @param missing a cluster that does not exist (the provisioner's steps need one they cannot create: a
     *                local cluster that is missing is one it makes)
     * @param reason  what the reason of a step on it says
     */
    protected StepServiceContract(Service service, Set<Step> implemented, ClusterRef missing, String... reason) {
        this.service = service;
        this.implemented = Set.copyOf(implemented);
        this.missing = missing;
        this.reason = List.of(reason);
    }

    @BeforeEach
    void connect() {
        kafka = new KafkaTestClient(KafkaBrokerTestResource.broker().bootstrapServers());
        received = kafka.record(Topics.EVENTS, Topics.deadLetter(Topics.commands(service)));
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    @Test
    void everyOwnedStepFailsWithTheReason() {
        for (Step step :
                Arrays.stream(Step.values()).filter(s -> s.owner() == service).toList()) {
            String runId = UUID.randomUUID().toString();
            kafka.send(Topics.commands(service), Service.GATEWAY, command(runId, step.id()));

            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(kafka.eventsOf(received, runId))
                            .hasAtLeastOneElementOfType(StepStarted.class)
                            .filteredOn(StepFailed.class::isInstance)
                            .singleElement()
                            .satisfies(e -> {
                                StepFailed failed = (StepFailed) e;
                                if (implemented.contains(step)) {
                                    assertThat(failed.reason()).contains(reason);
                                } else {
                                    assertThat(failed.reason()).isEqualTo("not implemented yet: " + step.id());
                                }
                                assertThat(failed.retryable()).isFalse();
                            }));
        }
    }

    /**
     * The step's events continue its command's trace: they carry W3C trace context of the command's trace (the step's
     * span under the command's, StepCommandProcessorTest), whether the service exports its spans or not.
     */
    @Test
    void theStepsEventsCarryTheTraceOfItsCommand() {
        String runId = UUID.randomUUID().toString();
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        kafka.send(
                Topics.commands(service),
                Service.GATEWAY,
                command(runId, ownedStep().id()),
                "00-" + trace + "-00f067aa0ba902b7-01");

        await().atMost(WAIT)
                .until(() -> kafka.eventsOf(received, runId).stream().anyMatch(StepFailed.class::isInstance));
        assertThat(received)
                .filteredOn(r -> runId.equals(r.key()) && r.topic().equals(Topics.EVENTS))
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(r -> assertThat(r.traceparent()).startsWith("00-" + trace + "-"));
    }

    @Test
    void aCommandDeliveredTwiceRunsOnce() {
        double before = metric("zklab_duplicate_commands_total");
        String runId = UUID.randomUUID().toString();
        StepRequested command = command(runId, ownedStep().id());
        kafka.send(Topics.commands(service), Service.GATEWAY, command);
        kafka.send(Topics.commands(service), Service.GATEWAY, command);

        // The service counts the second delivery as it recognises it: from then on it can never run.
        await().atMost(WAIT)
                .until(() -> kafka.eventsOf(received, runId).stream().anyMatch(StepFailed.class::isInstance)
                        && metric("zklab_duplicate_commands_total") >= before + 1);

        List<RunEvent> events = kafka.eventsOf(received, runId);
        assertThat(events).filteredOn(StepStarted.class::isInstance).hasSize(1);
        assertThat(events).filteredOn(StepFailed.class::isInstance).hasSize(1);
    }

    @Test
    void anUnparseableMessageIsDeadLetteredCountedAndTheConsumerGoesOn() {
        double before = metric("zklab_dead_lettered_messages_total");
        kafka.sendRaw(Topics.commands(service), "junk", "this is not a CloudEvent {");

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(received).anySatisfy(r -> {
                    assertThat(r.topic()).isEqualTo(Topics.deadLetter(Topics.commands(service)));
                    assertThat(r.value()).isEqualTo("this is not a CloudEvent {");
                }));
        await().atMost(WAIT).until(() -> metric("zklab_dead_lettered_messages_total") >= before + 1);

        String runId = UUID.randomUUID().toString();
        kafka.send(
                Topics.commands(service),
                Service.GATEWAY,
                command(runId, ownedStep().id()));
        await().atMost(WAIT)
                .until(() -> kafka.eventsOf(received, runId).stream().anyMatch(StepFailed.class::isInstance));
    }

    @Test
    void aStepOfAnotherServiceIsRefused() {
        Step foreign = Arrays.stream(Step.values())
                .filter(s -> s.owner() != service)
                .findFirst()
                .orElseThrow();
        String runId = UUID.randomUUID().toString();
        kafka.send(Topics.commands(service), Service.GATEWAY, command(runId, foreign.id()));

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(kafka.eventsOf(received, runId))
                        .filteredOn(StepFailed.class::isInstance)
                        .singleElement()
                        .satisfies(e ->
                                assertThat(((StepFailed) e).reason()).contains("is not done by the " + service.id())));
    }

    @Test
    void aCancellationIsNotACommandToRun() {
        String runId = UUID.randomUUID().toString();
        kafka.send(Topics.commands(service), Service.GATEWAY, new RunCancelled(runId, "test"));
        kafka.send(
                Topics.commands(service),
                Service.GATEWAY,
                command(runId, ownedStep().id()));

        await().atMost(WAIT)
                .until(() -> kafka.eventsOf(received, runId).stream().anyMatch(StepFailed.class::isInstance));
        assertThat(received)
                .noneMatch(r -> r.topic().startsWith(Topics.DEAD_LETTER_PREFIX)
                        && r.key() != null
                        && r.key().equals(runId));
    }

    private Step ownedStep() {
        return Arrays.stream(Step.values())
                .filter(s -> s.owner() == service)
                .findFirst()
                .orElseThrow();
    }

    private StepRequested command(String runId, String step) {
        return new StepRequested(
                runId,
                "01-" + step,
                step,
                1,
                missing,
                new EnsembleSpec(3, "current", Map.of(), "fast", "10Gi", "zk-test"),
                Map.of(),
                60,
                false);
    }

    /**
     * Health and metrics are open to callers without a token (probes, Prometheus), and the refusals' counters are there
     * before the first refusal, so dashboards and alerts see every service.
     */
    @Test
    void healthAndMetricsAreOpenAndRefusalsAreCountedFromTheStart() {
        given().get("/q/health/live").then().statusCode(200);
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String reason : List.of("no-token", "bad-token", "forbidden")) {
            assertThat(metrics).contains("zklab_http_requests_refused_total{reason=\"" + reason + "\"");
        }
    }

    /** The sum of a counter's series in the service's Prometheus metrics. */
    private static double metric(String name) {
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
