package dev.zklab.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The broker's generated settings: cluster ids a command line cannot mistake for options, loopback listeners. */
class LocalKafkaTest {

    @Test
    void clusterIdsNeverLookLikeOptions() {
        // One id in 64 would start with '-' if it were not excluded; 5,000 draws make a miss vanishingly rare.
        for (int i = 0; i < 5000; i++) {
            String id = LocalKafka.clusterId();
            assertThat(id).hasSize(22).doesNotStartWith("-").matches("[A-Za-z0-9_-]+");
        }
    }

    @Test
    void listenersAreOnLoopback() {
        String properties = LocalKafka.serverProperties(java.nio.file.Path.of("/tmp/x"), 19092, 19093);

        assertThat(properties)
                .contains(
                        "listeners=PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093",
                        "advertised.listeners=PLAINTEXT://127.0.0.1:19092",
                        "controller.quorum.voters=1@127.0.0.1:19093");
    }
}
