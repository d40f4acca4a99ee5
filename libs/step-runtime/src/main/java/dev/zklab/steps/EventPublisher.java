package dev.zklab.steps;

import dev.zklab.contracts.events.CloudEvent;
import dev.zklab.contracts.events.EventCodec;
import dev.zklab.contracts.events.RunEvent;
import dev.zklab.contracts.messaging.Topics;
import dev.zklab.support.tracing.TraceHeaders;
import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes a step service's lifecycle events to the events topic, keyed by run id. */
@ApplicationScoped
public class EventPublisher implements EventSink {

    private final Emitter<String> events;
    private final EventCodec codec = new EventCodec();
    private final ServiceConfig config;

    public EventPublisher(@Channel(Topics.EVENTS) Emitter<String> events, ServiceConfig config) {
        this.events = events;
        this.config = config;
    }

    /** Sends the event with the step's trace context in its headers; the future completes once Kafka has it. */
    @Override
    public CompletableFuture<Void> publish(RunEvent payload, Context trace) {
        CloudEvent event = codec.wrap(config.name(), payload);
        CompletableFuture<Void> sent = new CompletableFuture<>();
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", CloudEvent.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        TraceHeaders.inject(trace, headers);
        events.send(Message.of(codec.encode(event))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(payload.runId())
                        .withHeaders(headers)
                        .build())
                .withAck(() -> {
                    sent.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(e -> {
                    sent.completeExceptionally(e);
                    return CompletableFuture.completedFuture(null);
                }));
        return sent;
    }
}
