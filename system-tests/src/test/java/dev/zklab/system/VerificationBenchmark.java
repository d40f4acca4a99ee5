package dev.zklab.system;

import dev.zklab.kafka.KafkaBrokerTestResource;
import dev.zklab.localkube.LocalKubeCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Benchmark of a whole verification of a Ready 3-member ensemble on localkube (target: under 5 s), run by
 * {@code ./zklab bench} (never by ./zklab test): one deploy, then verify runs through the gateway with the
 * packaged services. Reports the verifier's own time (evidence tookMillis) and the step's time as the
 * gateway saw it (including the Kafka hops); writes target/verification-benchmark.txt; asserts nothing.
 */
class VerificationBenchmark {

    private static final int ROUNDS = 7;

    @Test
    void wholeVerificationOfAThreeMemberEnsemble() throws Exception {
        LocalKubeCluster cluster = LocalKubeCluster.shared();
        String namespace = "zk-bench-verify-"
                + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        List<PackagedService> services = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        try {
            services.addAll(
                    PackagedService.startAll(KafkaBrokerTestResource.broker().bootstrapServers()));
            GatewayApi api = new GatewayApi(services.get(PackagedService.ALL.indexOf("gateway")));
            api.run(cluster.name(), namespace, "[\"deploy\"]");
            List<Long> verifier = new ArrayList<>();
            List<Long> step = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                JsonPath run = api.run(cluster.name(), namespace, "[\"verify\"]");
                verifier.add(run.getLong("steps[0].evidence.tookMillis"));
                step.add(Duration.between(
                                Instant.parse(run.getString("steps[0].startedAt")),
                                Instant.parse(run.getString("steps[0].endedAt")))
                        .toMillis());
                lines.add("round " + round + ": verification " + verifier.get(round - 1) + " ms (verifier), step "
                        + step.get(round - 1) + " ms (gateway), of which Kubernetes "
                        + run.getLong("steps[0].evidence.timings.kubernetesMillis")
                        + " ms (" + run.getInt("steps[0].evidence.timings.snapshotReads") + " reads), ZooKeeper "
                        + run.getLong("steps[0].evidence.timings.zookeeperMillis") + " ms; "
                        + run.getInt("steps[0].evidence.passed")
                        + " checks passed via " + run.getString("steps[0].evidence.via"));
            }
            lines.add("whole verification of a Ready 3-member ensemble on localkube, " + ROUNDS + " rounds: verifier "
                    + stats(verifier) + "; step as the gateway saw it " + stats(step) + " (target < 5000 ms)");
        } finally {
            try (KubernetesClient client = cluster.newClient()) {
                client.namespaces().withName(namespace).delete();
            }
            services.forEach(PackagedService::close);
        }
        lines.forEach(System.out::println);
        Files.write(Path.of("target/verification-benchmark.txt"), lines);
    }

    private static String stats(List<Long> millis) {
        List<Long> sorted = millis.stream().sorted().toList();
        return "min " + sorted.get(0) + " ms, median " + sorted.get(sorted.size() / 2) + " ms, max "
                + sorted.get(sorted.size() - 1) + " ms";
    }
}
