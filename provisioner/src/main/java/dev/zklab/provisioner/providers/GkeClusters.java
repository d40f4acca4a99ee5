package dev.zklab.provisioner.providers;

import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.FailedPreconditionException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.container.v1.ClusterManagerClient;
import com.google.container.v1.Cluster;
import com.google.container.v1.Operation;
import com.google.container.v1.OperationProgress;
import dev.zklab.clusters.ClusterResolver;
import dev.zklab.clusters.gke.GkeApi;
import dev.zklab.clusters.gke.GkeErrors;
import dev.zklab.clusters.gke.GkeException;
import dev.zklab.contracts.cluster.ClusterRef;
import dev.zklab.contracts.evidence.ClusterEvidence.Origin;
import dev.zklab.provisioner.config.ProvisionerConfig;
import dev.zklab.steps.StepContext;
import dev.zklab.support.wait.Poll;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * {@code gke} clusters, through GKE's ClusterManager API: created with the run's id as a resource
 * label (so the mark and the cluster come into being together), followed through the long-running
 * operation with progress events, deleted on teardown only when the label names the run.
 */
@Singleton
public class GkeClusters implements ClusterProvider {

    private final GkeApi gke;
    private final Duration poll;

    // Two constructors: CDI needs to be told which one is the bean's (without it GkeClusters was never a bean).
    @Inject
    public GkeClusters(ClusterResolver resolver, ProvisionerConfig config) {
        this(resolver.gke(), config.operationPoll());
    }

    GkeClusters(GkeApi gke, Duration poll) {
        this.gke = gke;
        this.poll = poll;
    }

    @Override
    public String id() {
        return ClusterRef.GKE;
    }

    @Override
    public Origin provision(ClusterOrder order, StepContext context) {
        ClusterRef ref = order.ref();
        String where = "GKE cluster " + ref.name() + " in " + gke.project() + "/" + ref.location();
        ClusterManagerClient api = gke.clusters();
        Optional<Cluster> found = get(ref, where);
        Origin origin;
        if (found.isPresent()) {
            boolean ours = GkeClusterModel.creator(found.get())
                    .filter(order.runId()::equals)
                    .isPresent();
            origin = ours ? Origin.ADOPTED : Origin.FOUND;
            context.progress(
                    ours
                            ? where + " was begun by an earlier attempt of this run: waiting for it"
                            : where + " exists (not made by this run): using it, and leaving it standing");
        } else {
            context.progress("creating " + where + " (" + order.nodes() + " x " + order.machineType() + ") for run "
                    + order.runId() + "; the run's teardown deletes it");
            try {
                Operation operation = api.createCluster(gke.parent(ref.location()), GkeClusterModel.of(order));
                follow(operation, ref, "creating " + where, context);
                origin = Origin.CREATED;
            } catch (AlreadyExistsException e) {
                // Made meanwhile (by a twin delivery of this command, or by someone else): look again.
                return provision(order, context);
            } catch (ApiException e) {
                throw GkeErrors.explain(e, "creating " + where);
            }
        }
        awaitRunning(ref, where, context);
        return origin;
    }

    @Override
    public Removal remove(ClusterRef ref, String runId, StepContext context) {
        String where = "GKE cluster " + ref.name() + " in " + gke.project() + "/" + ref.location();
        Optional<Cluster> found = get(ref, where);
        if (found.isEmpty()) {
            return Removal.GONE;
        }
        if (GkeClusterModel.creator(found.get()).filter(runId::equals).isEmpty()) {
            return Removal.NOT_OURS;
        }
        context.progress("deleting " + where);
        // A cluster still being created (a cancelled run) cannot be deleted until its operation ends: try again until
        // then.
        Operation operation = context.deadline()
                .until("GKE to accept the deletion of " + ref.name(), poll, () -> {
                    try {
                        return Poll.done(
                                Optional.of(gke.clusters().deleteCluster(gke.clusterName(ref.location(), ref.name()))));
                    } catch (FailedPreconditionException e) {
                        context.progress(where + " is busy (" + e.getMessage() + "); trying again");
                        return Poll.pending(e.getMessage());
                    } catch (NotFoundException e) {
                        return Poll.done(Optional.<Operation>empty());
                    } catch (ApiException e) {
                        throw GkeErrors.explain(e, "deleting " + where);
                    }
                })
                .orElse(null);
        if (operation != null) {
            follow(operation, ref, "deleting " + where, context);
        }
        return Removal.DELETED;
    }

    private Optional<Cluster> get(ClusterRef ref, String where) {
        try {
            return Optional.of(gke.clusters().getCluster(gke.clusterName(ref.location(), ref.name())));
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (ApiException e) {
            throw GkeErrors.explain(e, "looking up " + where);
        }
    }

    /** Polls the operation until it is done, publishing its progress when it changes; fails with its error. */
    private void follow(Operation started, ClusterRef ref, String doing, StepContext context) {
        String name = gke.operationName(ref.location(), started.getName());
        AtomicReference<String> said = new AtomicReference<>("");
        Operation done = context.deadline()
                .until("GKE operation " + started.getName() + " (" + doing + ")", poll, () -> {
                    Operation now;
                    try {
                        now = gke.clusters().getOperation(name);
                    } catch (ApiException e) {
                        throw GkeErrors.explain(e, "following operation " + started.getName() + " (" + doing + ")");
                    }
                    String progress = describe(now);
                    if (!progress.equals(said.getAndSet(progress))) {
                        context.progress(doing + ": " + progress);
                    }
                    return now.getStatus() == Operation.Status.DONE ? Poll.done(now) : Poll.pending(progress);
                });
        if (done.hasError() && done.getError().getCode() != 0) {
            throw new GkeException(doing + " failed: "
                    + com.google.rpc.Code.forNumber(done.getError().getCode()) + ": "
                    + done.getError().getMessage());
        }
        if (!done.getStatusMessage().isBlank()) {
            throw new GkeException(doing + " failed: " + done.getStatusMessage());
        }
    }

    private static String describe(Operation operation) {
        OperationProgress progress = operation.getProgress();
        String metrics = progress.getMetricsList().stream()
                .map(m -> m.getName() + "="
                        + switch (m.getValueCase()) {
                            case INT_VALUE -> Long.toString(m.getIntValue());
                            case DOUBLE_VALUE -> Double.toString(m.getDoubleValue());
                            default -> m.getStringValue();
                        })
                .collect(Collectors.joining(", "));
        return "operation " + operation.getName() + " " + operation.getStatus()
                + (metrics.isEmpty() ? "" : " (" + metrics + ")");
    }

    private void awaitRunning(ClusterRef ref, String where, StepContext context) {
        context.deadline().until(where + " to be RUNNING", poll, () -> {
            Cluster cluster = get(ref, where)
                    .orElseThrow(() -> new GkeException(where + " disappeared while it was being created"));
            return switch (cluster.getStatus()) {
                case RUNNING -> Poll.done(cluster);
                case ERROR, DEGRADED, STOPPING ->
                    throw new GkeException(where + " is " + cluster.getStatus() + ": " + cluster.getStatusMessage()
                            + "; delete it (the run's teardown does, if the run made it) and try again");
                default -> Poll.pending(cluster.getStatus().name());
            };
        });
    }
}
