package dev.zklab.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zklab.contracts.events.CloudEvent;
import dev.zklab.contracts.events.EventCodec;
import dev.zklab.contracts.events.RunEvent;
import dev.zklab.contracts.events.StepFailed;
import dev.zklab.contracts.events.StepSucceeded;
import dev.zklab.contracts.messaging.Service;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plain Kafka clients for tests: send raw or encoded messages, and record every message of some
 * topics from their beginning on a background thread.
 */
public final class KafkaTestClient implements AutoCloseable {

    /** A message as recorded; {@code traceparent} is its W3C trace context header, null without one. */
    public record Received(String topic, String key, String value, String traceparent) {}

    private final String bootstrap;
    private final EventCodec codec = new EventCodec();
    private final KafkaProducer<String, String> producer;
    private final List<Thread> listeners = new ArrayList<>();
    private volatile boolean closed;

    public KafkaTestClient(String bootstrap) {
        this.bootstrap = bootstrap;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        this.producer = new KafkaProducer<>(props);
    }

    public void sendRaw(String topic, String key, String value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    /** Wraps the payload in a CloudEvent from {@code source} and sends it as the gateway does (with its content-type header). */
    public CloudEvent send(String topic, Service source, RunEvent payload) {
        return send(topic, source, payload, null);
    }

    /** As {@link #send(String, Service, RunEvent)}, with a W3C {@code traceparent} header when it is not null. */
    public CloudEvent send(String topic, Service source, RunEvent payload, String traceparent) {
        CloudEvent event = codec.wrap(source, payload);
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, payload.runId(), codec.encode(event));
        record.headers().add("content-type", CloudEvent.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        if (traceparent != null) {
            record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
        }
        send(record);
        return event;
    }

    private void send(ProducerRecord<String, String> record) {
        String topic = record.topic();
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    /** Records every message of the topics, from their beginning, until closed. */
    public List<Received> record(String... topics) {
        List<Received> received = new CopyOnWriteArrayList<>();
        listen(received::add, topics);
        return received;
    }

    public void listen(Consumer<Received> sink, String... topics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500");
        Thread thread = new Thread(
                () -> {
                    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
                        consumer.subscribe(List.of(topics));
                        while (!closed) {
                            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                                Header traceparent = r.headers().lastHeader("traceparent");
                                sink.accept(new Received(
                                        r.topic(),
                                        r.key(),
                                        r.value(),
                                        traceparent == null
                                                ? null
                                                : new String(traceparent.value(), StandardCharsets.UTF_8)));
                            }
                        }
                    }
                },
                "kafka-test-listener");
        thread.setDaemon(true);
        thread.start();
        listeners.add(thread);
    }

    /** The payloads of those received messages that are zklab events of {@code runId}. */
    public List<RunEvent> eventsOf(List<Received> received, String runId) {
        List<RunEvent> events = new ArrayList<>();
        for (Received r : received) {
            try {
                RunEvent payload = codec.read(r.value()).payload();
                if (payload.runId().equals(runId)) {
                    events.add(payload);
                }
            } catch (RuntimeException ignored) {
                // not an event: dead letters and the like
            }
        }
        return events;
    }

    /** The run's step outcome ({@code StepSucceeded} or {@code StepFailed}) among the received messages, awaited up to {@code wait}. */
    public RunEvent awaitOutcome(List<Received> received, String runId, Duration wait) {
        return await().atMost(wait)
                .until(
                        () -> eventsOf(received, runId).stream()
                                .filter(e -> e instanceof StepSucceeded || e instanceof StepFailed)
                                .findFirst()
                                .orElse(null),
                        e -> e != null);
    }

    /** The evidence of the run's step, which must have succeeded. */
    public JsonNode awaitSucceeded(List<Received> received, String runId, Duration wait) {
        RunEvent outcome = awaitOutcome(received, runId, wait);
        assertThat(outcome).as("outcome of %s", runId).isInstanceOf(StepSucceeded.class);
        return ((StepSucceeded) outcome).evidence();
    }

    /** The failure of the run's step, which must have failed. */
    public StepFailed awaitFailed(List<Received> received, String runId, Duration wait) {
        RunEvent outcome = awaitOutcome(received, runId, wait);
        assertThat(outcome).as("outcome of %s", runId).isInstanceOf(StepFailed.class);
        return (StepFailed) outcome;
    }

    @Override
    public void close() {
        closed = true;
        for (Thread t : listeners) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close();
    }
}
