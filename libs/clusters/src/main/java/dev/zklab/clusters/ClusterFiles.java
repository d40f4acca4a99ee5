package dev.zklab.clusters;

import dev.zklab.contracts.cluster.ClusterRef;
import dev.zklab.support.files.PrivateFiles;
import dev.zklab.support.files.ZklabCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What zklab keeps on this host about the clusters it creates here (local and kind): which run
 * created a cluster (its owner, written before the create call) and, for kind, its kubeconfig — the
 * place where every service reads it. Files are readable by zklab's user only (0600): a kubeconfig
 * is a credential.
 */
public final class ClusterFiles {

    private static final String KUBECONFIG = "kubeconfig.yaml";
    private static final String OWNER = "created-by-run";

    private final Path root;

    public ClusterFiles(Path root) {
        this.root = root;
    }

    /** {@code <zklab cache>/clusters}. */
    public static ClusterFiles inCache() {
        return new ClusterFiles(ZklabCache.directory().resolve("clusters"));
    }

    private Path dir(ClusterRef ref) {
        return root.resolve(ref.provider()).resolve(ref.name());
    }

    /** The kubeconfig zklab stored for the cluster, if any. */
    public Optional<Path> kubeconfig(ClusterRef ref) {
        Path file = dir(ref).resolve(KUBECONFIG);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    public Path storeKubeconfig(ClusterRef ref, String kubeconfig) {
        return write(ref, KUBECONFIG, kubeconfig);
    }

    /** The run that created the cluster on this host, when zklab created it. */
    public Optional<String> owner(ClusterRef ref) {
        Path file = dir(ref).resolve(OWNER);
        try {
            return Files.isRegularFile(file)
                    ? Optional.of(Files.readString(file).strip())
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Marks the cluster as created by the run: written before the create call, so a crash cannot hide it. */
    public void markOwner(ClusterRef ref, String runId) {
        write(ref, OWNER, runId + "\n");
    }

    /** Forgets the cluster (it was deleted); forgetting one twice is fine. */
    public void forget(ClusterRef ref) {
        Path dir = dir(ref);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }

    private Path write(ClusterRef ref, String name, String content) {
        return PrivateFiles.write(dir(ref).resolve(name), content);
    }
}
