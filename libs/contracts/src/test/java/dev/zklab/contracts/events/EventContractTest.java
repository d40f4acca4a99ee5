package dev.zklab.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The event contracts against their golden samples: every type has one, it round-trips without
 * losing a field, and unknown fields (from a newer producer) are tolerated.
 */
class EventContractTest {

    private final EventCodec codec = new EventCodec();

    @ParameterizedTest
    @EnumSource(EventType.class)
    void goldenSampleRoundTrips(EventType type) throws IOException {
        String golden = golden(type);

        CloudEvent event = codec.decode(golden);
        RunEvent payload = codec.payload(event);

        assertThat(payload).isInstanceOf(type.payload());
        assertThat(event.subject()).isEqualTo(payload.runId());
        JsonNode reEncoded = EventCodec.mapper()
                .readTree(codec.encode(new CloudEvent(
                        event.specversion(),
                        event.id(),
                        event.source(),
                        event.type(),
                        event.subject(),
                        event.time(),
                        event.datacontenttype(),
                        EventCodec.mapper().valueToTree(payload))));
        assertThat(reEncoded).isEqualTo(EventCodec.mapper().readTree(golden));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void unknownFieldsAreIgnored(EventType type) throws IOException {
        ObjectNode envelope = (ObjectNode) EventCodec.mapper().readTree(golden(type));
        envelope.put("zklabfutureattribute", "x");
        ((ObjectNode) envelope.get("data")).put("someFutureField", 42);

        RunEvent withExtras = codec.payload(codec.decode(envelope.toString()));

        assertThat(withExtras).isEqualTo(codec.payload(codec.decode(golden(type))));
    }

    @Test
    void payloadsWithoutTheLaterOptionalFieldsStillParse() {
        String data = """
                {"runId":"r","stepId":"01-deploy","step":"deploy","attempt":1,
                 "cluster":{"provider":"local","name":"lab","location":"","context":""},
                 "params":{},"timeoutSeconds":600,"cleanup":false}""";
        CloudEvent requested = codec.decode("""
                {"specversion":"1.0","id":"1","source":"/zklab/gateway","type":"dev.zklab.step.requested.v1","subject":"r","data":%s}""".formatted(data));
        CloudEvent failed = codec.decode("""
                {"specversion":"1.0","id":"2","source":"/zklab/deployer","type":"dev.zklab.step.failed.v1","subject":"r",
                 "data":{"runId":"r","stepId":"01-deploy","attempt":1,"reason":"x","retryable":false}}""");

        CloudEvent run = codec.decode("""
                {"specversion":"1.0","id":"3","source":"/zklab/gateway","type":"dev.zklab.run.requested.v1","subject":"r",
                 "data":{"runId":"r","spec":{},"requestedAt":"2026-11-27T10:15:30Z"}}""");
        CloudEvent cancelled = codec.decode("""
                {"specversion":"1.0","id":"4","source":"/zklab/gateway","type":"dev.zklab.run.cancelled.v1","subject":"r",
                 "data":{"runId":"r","reason":"cancelled by a client"}}""");

        assertThat(((StepRequested) codec.payload(requested)).previousStep()).isEmpty();
        assertThat(((StepFailed) codec.payload(failed)).evidence()).isNull();
        assertThat(((RunRequested) codec.payload(run)).requestedBy()).isNull();
        assertThat(((RunCancelled) codec.payload(cancelled)).cancelledBy()).isNull();
    }

    @Test
    void wrapSetsTheCloudEventsAttributes() {
        RunEvent payload = new RunCancelled("run-1", "because");
        CloudEvent event = codec.wrap(dev.zklab.contracts.messaging.Service.GATEWAY, payload);

        assertThat(event.specversion()).isEqualTo("1.0");
        assertThat(event.id()).isNotBlank();
        assertThat(event.source()).isEqualTo("/zklab/gateway");
        assertThat(event.type()).isEqualTo("dev.zklab.run.cancelled.v1");
        assertThat(event.subject()).isEqualTo("run-1");
        assertThat(event.time()).isNotNull();
        assertThat(codec.payload(codec.decode(codec.encode(event)))).isEqualTo(payload);
    }

    @Test
    void garbageIsMalformed() {
        assertThatThrownBy(() -> codec.decode("not json")).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> codec.decode("{\"specversion\":\"1.0\"}"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("id, source, type and subject");
        CloudEvent unknown = codec.decode("""
                {"specversion":"1.0","id":"1","source":"/x","type":"dev.zklab.nope.v9","subject":"r","data":{}}""");
        assertThatThrownBy(() -> codec.payload(unknown))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("unknown event type 'dev.zklab.nope.v9'");
    }

    private static String golden(EventType type) throws IOException {
        try (InputStream in = EventContractTest.class.getResourceAsStream("/golden/" + type.type() + ".json")) {
            assertThat(in).as("golden sample of %s", type.type()).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
