package dev.zklab.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.zklab.contracts.messaging.Service;
import java.time.Clock;
import java.util.UUID;

/**
 * Encodes payloads as structured-mode CloudEvents JSON and decodes them back. Unknown fields are
 * ignored, so newer producers never break older consumers.
 */
public final class EventCodec {

    private static final ObjectMapper MAPPER = newMapper();

    private final Clock clock;

    public EventCodec(Clock clock) {
        this.clock = clock;
    }

    public EventCodec() {
        this(Clock.systemUTC());
    }

    /** The JSON mapper every zklab component uses for events and specs. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectMapper newMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /** Wraps a payload in a new envelope (fresh id, now) from {@code source}. */
    public CloudEvent wrap(Service source, RunEvent payload) {
        return new CloudEvent(
                CloudEvent.SPEC_VERSION,
                UUID.randomUUID().toString(),
                source.source(),
                EventType.of(payload).type(),
                payload.runId(),
                clock.instant(),
                "application/json",
                MAPPER.valueToTree(payload));
    }

    public String encode(CloudEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode event " + event.id(), e);
        }
    }

    /** Parses an envelope; anything that is not a zklab CloudEvent 1.0 is a {@link MalformedEventException}. */
    public CloudEvent decode(String json) {
        CloudEvent event;
        try {
            event = MAPPER.readValue(json, CloudEvent.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedEventException(
                    "not a CloudEvent JSON object: "
                            + e.getMessage().lines().findFirst().orElse(""),
                    e);
        }
        if (event == null
                || !CloudEvent.SPEC_VERSION.equals(event.specversion())
                || blank(event.id())
                || blank(event.source())
                || blank(event.type())
                || blank(event.subject())) {
            throw new MalformedEventException("not a CloudEvents 1.0 envelope with id, source, type and subject", null);
        }
        return event;
    }

    /** An envelope and its typed payload. */
    public record Decoded(CloudEvent envelope, RunEvent payload) {}

    /** Parses a message into its envelope and typed payload; anything else is a {@link MalformedEventException}. */
    public Decoded read(String json) {
        CloudEvent envelope = decode(json);
        return new Decoded(envelope, payload(envelope));
    }

    /** The typed payload of an envelope. */
    public RunEvent payload(CloudEvent event) {
        EventType type = EventType.of(event.type())
                .orElseThrow(() -> new MalformedEventException("unknown event type '" + event.type() + "'", null));
        try {
            RunEvent payload = MAPPER.treeToValue(event.data(), type.payload());
            if (payload == null || blank(payload.runId())) {
                throw new MalformedEventException(event.type() + " without runId", null);
            }
            return payload;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedEventException("bad " + event.type() + " payload: " + e.getMessage(), e);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
