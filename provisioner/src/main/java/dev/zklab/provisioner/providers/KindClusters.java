package dev.zklab.provisioner.providers;

import dev.zklab.clusters.ClusterFiles;
import dev.zklab.clusters.ClusterResolver;
import dev.zklab.clusters.ExternalCommand;
import dev.zklab.contracts.cluster.ClusterRef;
import dev.zklab.contracts.evidence.ClusterEvidence.Origin;
import dev.zklab.provisioner.config.ProvisionerConfig;
import dev.zklab.steps.StepContext;
import dev.zklab.support.wait.Deadline;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code kind} clusters (Kubernetes in Docker, on the zklab host), made and deleted through the
 * {@code kind} command; the kubeconfig comes from {@code kind get kubeconfig} and is stored where
 * every service reads it ({@link ClusterFiles}, 0600) — never in the user's own kubeconfig.
 */
@Singleton
public class KindClusters implements ClusterProvider {

    private final ClusterFiles files;
    private final ProvisionerConfig config;

    public KindClusters(ClusterResolver resolver, ProvisionerConfig config) {
        this.files = resolver.files();
        this.config = config;
    }

    @Override
    public String id() {
        return ClusterRef.KIND;
    }

    @Override
    public Origin provision(ClusterOrder order, StepContext context) throws IOException {
        ClusterRef ref = order.ref();
        Deadline deadline = context.deadline();
        Origin origin;
        if (clusters(deadline).contains(ref.name())) {
            origin = files.owner(ref).filter(order.runId()::equals).isPresent() ? Origin.ADOPTED : Origin.FOUND;
            context.progress(
                    origin == Origin.ADOPTED
                            ? "kind cluster " + ref.name()
                                    + " was created by an earlier attempt of this run: taking it over"
                            : "kind cluster " + ref.name()
                                    + " exists (not made by this run): using it, and leaving it standing");
        } else {
            files.markOwner(ref, order.runId());
            context.progress("creating kind cluster " + ref.name() + " (" + order.nodes() + " workers) for run "
                    + order.runId() + "; the run's teardown deletes it");
            Path configFile = Files.createTempFile("zklab-kind-", ".yaml");
            Path scratchKubeconfig = Files.createTempFile("zklab-kind-", ".kubeconfig");
            try {
                Files.writeString(configFile, KindConfig.of(order.nodes()));
                // kind writes a kubeconfig as it creates; a scratch file keeps it out of the user's ~/.kube/config.
                kind(
                        deadline,
                        context::progress,
                        "create",
                        "cluster",
                        "--name",
                        ref.name(),
                        "--config",
                        configFile.toString(),
                        "--kubeconfig",
                        scratchKubeconfig.toString(),
                        "--wait",
                        "5m");
            } finally {
                Files.deleteIfExists(configFile);
                Files.deleteIfExists(scratchKubeconfig);
            }
            origin = Origin.CREATED;
        }
        files.storeKubeconfig(ref, kind(deadline, line -> {}, "get", "kubeconfig", "--name", ref.name()));
        return origin;
    }

    @Override
    public Removal remove(ClusterRef ref, String runId, StepContext context) {
        boolean ours = files.owner(ref).filter(runId::equals).isPresent();
        if (!clusters(context.deadline()).contains(ref.name())) {
            if (ours) {
                files.forget(ref);
            }
            return Removal.GONE;
        }
        if (!ours) {
            return Removal.NOT_OURS;
        }
        context.progress("deleting kind cluster " + ref.name());
        kind(context.deadline(), context::progress, "delete", "cluster", "--name", ref.name());
        files.forget(ref);
        return Removal.DELETED;
    }

    private List<String> clusters(Deadline deadline) {
        return Arrays.stream(kind(deadline, line -> {}, "get", "clusters").split("\n"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private String kind(Deadline deadline, Consumer<String> progress, String... args) {
        List<String> command = new ArrayList<>();
        command.add(config.kind());
        command.addAll(List.of(args));
        try {
            return ExternalCommand.run(command, deadline, progress);
        } catch (ExternalCommand.CannotStartException e) {
            throw new ExternalCommand.CannotStartException(
                    e.getMessage() + " (install kind on the provisioner's host, "
                            + "https://kind.sigs.k8s.io, or set zklab.provisioner.kind to its path)",
                    e.getCause());
        }
    }
}
