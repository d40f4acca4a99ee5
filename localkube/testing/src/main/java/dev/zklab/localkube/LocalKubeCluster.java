package dev.zklab.localkube;

import dev.zklab.clusters.local.LocalKube;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one local cluster of a test run (a JVM): created on first use, shared by every test class
 * of the module, deleted when the run ends.
 */
public final class LocalKubeCluster implements AutoCloseable {

    /** Prefix of the clusters tests create; a leftover of a killed run is recognised by it. */
    static final String NAME_PREFIX = "zkt-";
    /** Worker nodes of the test cluster: the lab's {@code --num-nodes 4}. */
    /** The lab's 4 nodes plus one: an ensemble can grow to 5 members with one member per node. */
    public static final int NODES = 5;

    private static LocalKubeCluster shared;

    private final LocalKube localKube;
    private final String name;
    private final Path kubeconfig;
    private volatile boolean deleted;

    private LocalKubeCluster(LocalKube localKube, String name, Path kubeconfig) {
        this.localKube = localKube;
        this.name = name;
        this.kubeconfig = kubeconfig;
    }

    /**
     * The run's cluster, created (and the components built, if they are not cached) on first call.
     * Fails with the reason when localkube cannot be built or started: tests are never skipped.
     */
    public static synchronized LocalKubeCluster shared() {
        if (shared == null || shared.deleted) {
            LocalKube localKube = LocalKube.ofRepository();
            localKube.build();
            deleteLeftovers(localKube);
            String name = NAME_PREFIX + ProcessHandle.current().pid() + "-"
                    + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36)
                            .toLowerCase(Locale.ROOT);
            Path kubeconfig = localKube.create(name, NODES);
            LocalKubeCluster cluster = new LocalKubeCluster(localKube, name, kubeconfig);
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "localkube-delete-" + name));
            shared = cluster;
        }
        return shared;
    }

    /** Deletes test clusters whose JVM is gone (a run killed before it could clean up). */
    private static void deleteLeftovers(LocalKube localKube) {
        for (String existing : localKube.clusters()) {
            if (!existing.startsWith(NAME_PREFIX)) {
                continue;
            }
            String[] parts = existing.substring(NAME_PREFIX.length()).split("-");
            boolean alive = parts.length > 0
                    && parts[0].matches("\\d+")
                    && ProcessHandle.of(Long.parseLong(parts[0]))
                            .map(ProcessHandle::isAlive)
                            .orElse(false);
            if (!alive) {
                localKube.delete(existing);
            }
        }
    }

    public String name() {
        return name;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    /** The HTTP proxy into the cluster's pod network (see {@link LocalKube#podProxy}). */
    public URI podProxy() {
        return localKube.podProxy(name);
    }

    /** A new client for this cluster; the caller closes it. */
    public KubernetesClient newClient() {
        try {
            return new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString()))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kubeconfig " + kubeconfig, e);
        }
    }

    @Override
    public synchronized void close() {
        if (!deleted) {
            deleted = true;
            localKube.delete(name);
        }
    }
}
