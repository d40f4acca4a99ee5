package dev.zklab.deployer;

import dev.zklab.contracts.evidence.PodFacts;
import dev.zklab.contracts.run.EnsembleSpec;
import dev.zklab.deployer.kubernetes.EnsembleDeployment;
import dev.zklab.deployer.model.EnsembleModel;
import dev.zklab.localkube.ContainerProcesses;
import dev.zklab.localkube.WithLocalKube;
import dev.zklab.members.MemberAnswers;
import dev.zklab.members.PortForwardAccess;
import dev.zklab.members.Quorum;
import dev.zklab.support.wait.Deadline;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Benchmark of the ZooKeeper pods on localkube, run by {@code ./zklab bench} (never by ./zklab test):
 * how long a member and a 3-member ensemble take to start, and how much memory each server uses.
 * Prints its numbers and writes them to target/zookeeper-pods-benchmark.txt; asserts nothing.
 */
@WithLocalKube
class ZooKeeperPodsBenchmark {

    /** The run whose mark the test's objects carry. */
    static final String RUN = "11111111-2222-4333-8444-000000000002";

    @Test
    void startTimeAndMemory(KubernetesClient client) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int round = 1; round <= 3; round++) {
            String namespace = "zk-bench-" + round;
            EnsembleModel model = EnsembleModel.of(new EnsembleSpec(3, "current", Map.of(), "fast", "1Gi", namespace))
                    .forRun(RUN);
            try {
                Instant start = Instant.now();
                EnsembleDeployment.Result deployed =
                        new EnsembleDeployment(client).deploy(model, Deadline.in(Duration.ofMinutes(5)));
                Instant rolledOut = Instant.now();
                PortForwardAccess access = new PortForwardAccess(client, namespace);
                new Quorum(access).awaitFormed(List.of(0, 1, 2), Deadline.in(Duration.ofMinutes(2)));
                Instant formed = Instant.now();
                List<String> perPod = new ArrayList<>();
                for (PodFacts pod : deployed.pods()) {
                    long readySeconds = Duration.between(Instant.parse(pod.created()), Instant.parse(pod.ready()))
                            .toSeconds();
                    perPod.add(pod.name() + " created->Ready " + readySeconds + " s");
                }
                // Memory once the ensemble has served a little: every server answers srvr and has the quorum's state.
                MemberAnswers.status(access, List.of(0, 1, 2), Duration.ofSeconds(5));
                List<Long> rss = new ArrayList<>();
                for (int ordinal = 0; ordinal < 3; ordinal++) {
                    String volume = client.persistentVolumeClaims()
                            .inNamespace(namespace)
                            .withName("datadir-zk-" + ordinal)
                            .get()
                            .getSpec()
                            .getVolumeName();
                    ProcessHandle server =
                            ContainerProcesses.serverWithVolume(volume).orElseThrow();
                    rss.add(rssMiB(server.pid()));
                }
                lines.add(String.format(
                        "round %d: apply -> 3 Ready %.1f s, -> quorum formed %.1f s; %s; server RSS MiB %s (total %d)",
                        round,
                        seconds(start, rolledOut),
                        seconds(start, formed),
                        String.join(", ", perPod),
                        rss,
                        rss.stream().mapToLong(Long::longValue).sum()));
                System.out.println(lines.get(lines.size() - 1));
            } finally {
                client.namespaces().withName(namespace).delete();
            }
        }
        lines.add(
                "(each member's readiness probe has the lab's initialDelaySeconds: 10, which dominates created->Ready)");
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "zookeeper-pods-benchmark.txt"), lines);
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    private static long rssMiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }
}
