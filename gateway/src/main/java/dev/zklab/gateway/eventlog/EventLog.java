package dev.zklab.gateway.eventlog;

import dev.zklab.contracts.events.CloudEvent;
import dev.zklab.contracts.events.EventCodec;
import dev.zklab.contracts.events.MalformedEventException;
import dev.zklab.contracts.events.RunEvent;
import dev.zklab.contracts.messaging.Topics;
import dev.zklab.support.tracing.TraceHeaders;
import io.opentelemetry.context.Context;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * The gateway's side of Kafka. It writes events and commands, and reads the events topic from its
 * very beginning on every start: the run history is a projection of that log, which a consumer group
 * (that resumes where it stopped) cannot give, so plain Kafka clients are used here.
 */
public final class EventLog implements EventStore, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EventLog.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrap;
    private final EventCodec codec;
    private final KafkaProducer<String, String> producer;
    private volatile boolean closed;
    private Thread reader;

    public EventLog(String bootstrap, EventCodec codec) {
        this.bootstrap = bootstrap;
        this.codec = codec;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        this.producer = new KafkaProducer<>(props);
    }

    /** Creates zklab's topics that do not exist yet. */
    public void createTopics(int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<NewTopic> topics = Topics.all().stream()
                    .map(t -> new NewTopic(t, partitions, (short) 1))
                    .toList();
            for (var result : admin.createTopics(topics).values().entrySet()) {
                try {
                    result.getValue().get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                "cannot create topic " + result.getKey() + " on " + bootstrap, e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrap + " did not answer within 30s", e);
        }
    }

    @Override
    public void append(CloudEvent event, Context trace) {
        send(Topics.EVENTS, event.subject(), codec.encode(event), trace);
    }

    @Override
    public void command(String topic, CloudEvent event, Context trace) {
        send(topic, event.subject(), codec.encode(event), trace);
    }

    public void send(String topic, String key, String value, Context trace) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        record.headers().add("content-type", CloudEvent.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        TraceHeaders.inject(trace, record.headers());
        try {
            producer.send(record).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventLogUnavailableException("interrupted while sending to " + topic, e);
        } catch (Exception e) {
            throw new EventLogUnavailableException(
                    "Kafka at " + bootstrap + " did not take the event for topic " + topic + " (" + e.getMessage()
                            + "); nothing was changed, retry when Kafka is back",
                    e);
        }
    }

    /** What the events reader hands on: an event, and the trace context its record's headers carry. */
    @FunctionalInterface
    public interface Listener {
        void onEvent(CloudEvent event, RunEvent payload, Context trace);
    }

    /**
     * Reads the events topic from its beginning, on a thread of its own, until closed. Each event goes
     * to {@code onEvent}; {@code onCaughtUp} runs once the log as it was at start has been read;
     * {@code onMalformed} gets what cannot be parsed (it has been sent to the dead-letter topic).
     */
    public void read(Listener onEvent, Runnable onCaughtUp, Consumer<String> onMalformed) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        reader = new Thread(
                () -> {
                    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
                        List<TopicPartition> partitions =
                                consumer.partitionsFor(Topics.EVENTS, Duration.ofSeconds(30)).stream()
                                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                                        .toList();
                        consumer.assign(partitions);
                        consumer.seekToBeginning(partitions);
                        Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
                        long readStart = System.nanoTime();
                        long records = 0;
                        LOG.debugf("replaying %s up to offsets %s", Topics.EVENTS, end);
                        boolean caughtUp = false;
                        while (!closed) {
                            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                                handle(record, onEvent, onMalformed);
                                records++;
                            }
                            if (!caughtUp && partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                                caughtUp = true;
                                LOG.infof(
                                        "replayed %d records of %s in %d ms",
                                        records, Topics.EVENTS, (System.nanoTime() - readStart) / 1_000_000);
                                onCaughtUp.run();
                            }
                        }
                    } catch (RuntimeException e) {
                        if (!closed) {
                            LOG.error("reading the events topic failed; the gateway cannot follow runs", e);
                        }
                    }
                },
                "events-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void handle(ConsumerRecord<String, String> record, Listener onEvent, Consumer<String> onMalformed) {
        EventCodec.Decoded decoded;
        try {
            decoded = codec.read(record.value());
        } catch (MalformedEventException e) {
            LOG.warnf(
                    "dead-lettering an unparseable event at %s-%d@%d: %s",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            try {
                send(
                        Topics.deadLetter(Topics.EVENTS),
                        record.key(),
                        record.value(),
                        TraceHeaders.extract(record.headers()));
            } catch (RuntimeException sendFailure) {
                LOG.error("cannot write to the dead-letter topic", sendFailure);
            }
            onMalformed.accept(e.getMessage());
            return;
        }
        try {
            onEvent.onEvent(decoded.envelope(), decoded.payload(), TraceHeaders.extract(record.headers()));
        } catch (RuntimeException e) {
            LOG.errorf(
                    e,
                    "run %s: applying %s failed",
                    decoded.payload().runId(),
                    decoded.envelope().type());
        }
    }

    @Override
    public void close() {
        closed = true;
        if (reader != null) {
            try {
                reader.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close(Duration.ofSeconds(5));
    }
}
