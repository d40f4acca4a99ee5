package dev.zklab.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Quarkus test resource: one real Kafka broker per test JVM, shared by every test class, stopped
 * when the JVM ends. Sets {@code kafka.bootstrap.servers}.
 */
public class KafkaBrokerTestResource implements QuarkusTestResourceLifecycleManager {

    private static LocalKafka shared;

    /** The run's broker, started on first use. */
    public static synchronized LocalKafka broker() {
        if (shared == null) {
            String lib = System.getProperty(LocalKafka.LIB_PROPERTY);
            if (lib == null) {
                throw new IllegalStateException("system property " + LocalKafka.LIB_PROPERTY
                        + " is not set; the build sets it to kafka-broker/target/broker-lib");
            }
            try {
                Path dir = Files.createTempDirectory("zklab-kafka-");
                shared = LocalKafka.start(Path.of(lib), dir, 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            LocalKafka broker = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-broker-stop"));
        }
        return shared;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", broker().bootstrapServers());
    }

    @Override
    public void stop() {
        // shared by every test class of the run; stopped when the JVM ends
    }
}
