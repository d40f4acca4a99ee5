package dev.zklab.drainer;

import dev.zklab.drainer.drain.Cordons;
import dev.zklab.drainer.drain.DrainListener;
import dev.zklab.drainer.drain.NodeDrain;
import dev.zklab.drainer.drain.PodFilters;
import dev.zklab.drainer.probe.SteadyStateProbe;
import dev.zklab.localkube.LocalKubeCluster;
import dev.zklab.members.EnsembleConnection;
import dev.zklab.members.LocalZooKeeperServers;
import dev.zklab.members.ZooKeeperTimeouts;
import dev.zklab.support.files.ZklabCache;
import dev.zklab.support.kubernetes.Pods;
import dev.zklab.support.wait.Deadline;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Benchmarks of the drainer, run by {@code ./zklab bench} (never by ./zklab test); numbers in
 * target/drain-benchmark.txt, nothing asserted.
 *
 * <ul>
 *   <li>Draining one node: the drainer's drain (cordon, kubectl's filters, evictions, each pod awaited
 *       until gone) against {@code kubectl drain --ignore-daemonsets --delete-emptydir-data} (the kubectl
 *       localkube builds), alternating on the same cluster and the same pods: a Deployment of
 *       {@value #PODS} pods pinned to the node, back on it (uncordoned, Ready) before every round;
 *       {@value #WARM_UP} warm-up rounds each, not counted, then {@value #ROUNDS} rounds each, in alternating order.
 *       Target: drainer / kubectl ≤ 1.05.</li>
 *   <li>The probe's own cost: the latency of an application's writes to three real ZooKeeper servers
 *       without the probe and with it running at 20 operations per second.</li>
 * </ul>
 */
class DrainBenchmark {

    static final int PODS = 6;
    static final int ROUNDS = 15;
    static final int WARM_UP = 3;
    static final int WRITES = 2000;

    final List<String> lines = new ArrayList<>();

    @Test
    void drainAndProbe() throws Exception {
        drainAgainstKubectl();
        probeCost();
        lines.forEach(System.out::println);
        Files.write(Path.of("target/drain-benchmark.txt"), lines);
    }

    void drainAgainstKubectl() throws Exception {
        LocalKubeCluster cluster = LocalKubeCluster.shared();
        String namespace = "drain-bench";
        try (KubernetesClient client = cluster.newClient()) {
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(namespace)
                            .endMetadata()
                            .build())
                    .serverSideApply();
            String node = client.nodes().list().getItems().get(0).getMetadata().getName();
            client.apps()
                    .deployments()
                    .resource(new DeploymentBuilder()
                            .withNewMetadata()
                            .withName("bench")
                            .withNamespace(namespace)
                            .endMetadata()
                            .withNewSpec()
                            .withReplicas(PODS)
                            .withNewSelector()
                            .addToMatchLabels("app", "bench")
                            .endSelector()
                            .withNewTemplate()
                            .withNewMetadata()
                            .addToLabels("app", "bench")
                            .endMetadata()
                            .withNewSpec()
                            .withTerminationGracePeriodSeconds(0L)
                            .addToNodeSelector("kubernetes.io/hostname", node)
                            .addNewContainer()
                            .withName("main")
                            .withImage("registry.k8s.io/pause:3.10")
                            .endContainer()
                            .endSpec()
                            .endTemplate()
                            .endSpec()
                            .build())
                    .serverSideApply();
            List<Long> kubectl = new ArrayList<>();
            List<Long> drainer = new ArrayList<>();
            Path kubectlBinary = kubectl();
            // The drainer's drain as a drill uses it: one NodeDrain (and its eviction client) for all its drains.
            NodeDrain drain = new NodeDrain(client, DrainListener.NONE);
            try {
                // The first rounds warm both up (a drainer service is a warm JVM; kubectl's page cache) and are not
                // counted.
                for (int round = 1 - WARM_UP; round <= ROUNDS; round++) {
                    for (boolean ours : List.of(Math.floorMod(round, 2) == 0, Math.floorMod(round, 2) != 0)) {
                        awaitPodsOn(client, namespace, node);
                        long started = System.nanoTime();
                        if (ours) {
                            new Cordons(client).cordon(node, "bench", "#1 drain " + node);
                            drain.drain(
                                    node,
                                    new PodFilters.Options(true, false, namespace, false),
                                    Duration.ofSeconds(30),
                                    Deadline.in(Duration.ofMinutes(2)));
                        } else {
                            run(
                                    kubectlBinary.toString(),
                                    "--kubeconfig",
                                    cluster.kubeconfig().toString(),
                                    "drain",
                                    node,
                                    "--ignore-daemonsets",
                                    "--delete-emptydir-data",
                                    "--timeout=120s");
                        }
                        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                        if (round > 0) {
                            (ours ? drainer : kubectl).add(took);
                        }
                        lines.add((round < 1 ? "warm-up: " : "round " + round + ": ") + (ours ? "drainer" : "kubectl")
                                + " drained " + node + " (" + PODS + " pods) in " + took + " ms");
                        if (ours) {
                            new Cordons(client).uncordon(node, "bench");
                        } else {
                            run(
                                    kubectlBinary.toString(),
                                    "--kubeconfig",
                                    cluster.kubeconfig().toString(),
                                    "uncordon",
                                    node);
                        }
                    }
                }
            } finally {
                new Cordons(client).uncordon(node, "bench");
                run(
                        kubectlBinary.toString(),
                        "--kubeconfig",
                        cluster.kubeconfig().toString(),
                        "uncordon",
                        node);
                client.namespaces().withName(namespace).delete();
            }
            long kubectlMedian = median(kubectl);
            long drainerMedian = median(drainer);
            lines.add(String.format(
                    "drain of one node with %d pods, %d rounds each: kubectl median %d ms %s, drainer median %d ms %s;"
                            + " drainer / kubectl = %.2f (target <= 1.05)",
                    PODS,
                    ROUNDS,
                    kubectlMedian,
                    kubectl,
                    drainerMedian,
                    drainer,
                    (double) drainerMedian / kubectlMedian));
        }
    }

    void probeCost() throws Exception {
        try (LocalZooKeeperServers servers = new LocalZooKeeperServers(
                LocalZooKeeperServers.folderFor(DrainBenchmark.class),
                LocalZooKeeperServers.defaultStaticConfig(),
                Optional.empty())) {
            servers.startEnsemble(List.of(0, 1, 2));
            try (EnsembleConnection app = EnsembleConnection.open(
                    servers.access(), List.of(0, 1, 2), Optional.empty(), ZooKeeperTimeouts.defaults())) {
                app.client().create().creatingParentsIfNeeded().forPath("/bench/app");
                writes(app, "warm-up");
                long[] without = writes(app, "without");
                long[] with;
                try (SteadyStateProbe probe = SteadyStateProbe.start(
                        servers.access(), List.of(0, 1, 2), "/bench/probe", 20, new SimpleMeterRegistry(), "bench")) {
                    with = writes(app, "with");
                }
                lines.add(String.format(
                        "probe cost: %d sequential writes of an application to 3 real ZooKeeper servers: without the probe"
                                + " p50 %.2f ms, p99 %.2f ms; with the probe at 20 ops/s p50 %.2f ms, p99 %.2f ms",
                        WRITES,
                        percentile(without, 50),
                        percentile(without, 99),
                        percentile(with, 50),
                        percentile(with, 99)));
            }
        }
    }

    private static long[] writes(EnsembleConnection app, String prefix) throws Exception {
        long[] micros = new long[WRITES];
        for (int i = 0; i < WRITES; i++) {
            long started = System.nanoTime();
            app.client().create().forPath("/bench/app/" + prefix + "-" + i);
            micros[i] = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - started);
        }
        Arrays.sort(micros);
        return micros;
    }

    private static double percentile(long[] sortedMicros, int p) {
        return sortedMicros[Math.max(0, (int) Math.ceil(p / 100.0 * sortedMicros.length) - 1)] / 1000.0;
    }

    private static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    private static void awaitPodsOn(KubernetesClient client, String namespace, String node) {
        Deadline.in(Duration.ofMinutes(2))
                .untilTrue(
                        PODS + " bench pods Ready on " + node,
                        () -> client.pods().inNamespace(namespace).list().getItems().stream()
                                                .filter(p -> p.getMetadata().getDeletionTimestamp() == null
                                                        && node.equals(
                                                                p.getSpec().getNodeName())
                                                        && Pods.isReady(p))
                                                .count()
                                        == PODS
                                && client.pods()
                                                .inNamespace(namespace)
                                                .list()
                                                .getItems()
                                                .size()
                                        == PODS);
    }

    private static Path kubectl() throws Exception {
        try (Stream<Path> binaries = Files.list(ZklabCache.directory().resolve("localkube/bin"))) {
            return binaries.filter(p -> p.getFileName().toString().startsWith("kubectl-"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no kubectl in "
                            + ZklabCache.directory().resolve("localkube/bin") + "; run localkube/localkube build"));
        }
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(new File("/dev/null")))
                .start();
        if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }
}
