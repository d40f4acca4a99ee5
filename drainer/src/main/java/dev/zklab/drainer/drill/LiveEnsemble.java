package dev.zklab.drainer.drill;

import dev.zklab.contracts.evidence.MemberFacts;
import dev.zklab.drainer.preflight.ClusterSnapshot;
import dev.zklab.drainer.preflight.Preflight;
import dev.zklab.kubernetes.BudgetWaits;
import dev.zklab.kubernetes.PodWaits;
import dev.zklab.members.Quorum;
import dev.zklab.support.kubernetes.EnsembleNames;
import dev.zklab.support.kubernetes.Pods;
import dev.zklab.support.wait.Deadline;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/** The drilled ensemble on its cluster: its pods read, and waited on, through the API server; its quorum through its members. */
public final class LiveEnsemble implements DrilledEnsemble {

    /** How long a drain waits for a budget's status to catch up with a member that came back. */
    static final Duration BUDGET_SETTLE = Duration.ofSeconds(30);
    /** How long a replacement must stay unschedulable before it counts as Pending. */
    static final Duration PENDING_CONFIRM = Duration.ofSeconds(3);

    private final KubernetesClient client;
    private final String namespace;
    private final Duration pendingWait;
    private final Quorum quorum;

    /** @param pendingWait how long a member may take to be Ready (elsewhere) before it counts as Pending */
    public LiveEnsemble(KubernetesClient client, String namespace, Duration pendingWait, Quorum quorum) {
        this.client = client;
        this.namespace = namespace;
        this.pendingWait = pendingWait;
        this.quorum = quorum;
    }

    @Override
    public int replicas() {
        return Preflight.replicas(client, namespace);
    }

    @Override
    public ClusterSnapshot snapshot() {
        return ClusterSnapshot.read(client);
    }

    @Override
    public Optional<String> nodeOf(String member) {
        return Optional.ofNullable(
                        client.pods().inNamespace(namespace).withName(member).get())
                .map(p -> p.getSpec().getNodeName());
    }

    @Override
    public void awaitReady(Deadline deadline) {
        PodWaits pods = new PodWaits(client, namespace);
        for (int ordinal = 0; ordinal < replicas(); ordinal++) {
            pods.awaitReady(EnsembleNames.podName(ordinal), deadline.within(pendingWait));
        }
    }

    @Override
    public List<String> settle(Deadline deadline) {
        int replicas = replicas();
        Instant[] since = {null};
        List<String> pending = deadline.within(pendingWait)
                .settle(
                        "every member to be Ready or Pending",
                        Deadline.POLL,
                        () -> {
                            List<String> unscheduled = new ArrayList<>();
                            boolean settled = true;
                            for (int ordinal = 0; ordinal < replicas; ordinal++) {
                                Pod pod = client.pods()
                                        .inNamespace(namespace)
                                        .withName(EnsembleNames.podName(ordinal))
                                        .get();
                                if (pod != null && Pods.isUnschedulable(pod)) {
                                    unscheduled.add(pod.getMetadata().getName());
                                } else if (pod == null
                                        || !Pods.isReady(pod)
                                        || pod.getMetadata().getDeletionTimestamp() != null) {
                                    settled = false;
                                }
                            }
                            if (!settled || unscheduled.isEmpty()) {
                                since[0] = null;
                                return settled ? unscheduled : null;
                            }
                            since[0] = since[0] == null ? Instant.now() : since[0];
                            return Duration.between(since[0], Instant.now()).compareTo(PENDING_CONFIRM) >= 0
                                    ? unscheduled
                                    : null;
                        },
                        seen -> seen != null);
        return pending == null ? List.of() : pending;
    }

    @Override
    public void settleBudget(Deadline deadline) {
        BudgetWaits.settle(client, namespace, EnsembleNames.PDB, EnsembleNames.SELECTOR, BUDGET_SETTLE, deadline);
    }

    @Override
    public void awaitServing(String member, Deadline deadline) {
        new PodWaits(client, namespace).awaitReady(member, deadline.within(pendingWait));
        quorum.awaitServing(EnsembleNames.ordinal(member), deadline);
    }

    @Override
    public void awaitNodeReady(String node, Deadline deadline) {
        deadline.untilTrue(
                "node " + node + " to be Ready",
                () -> Readiness.isNodeReady(client.nodes().withName(node).get()));
    }

    @Override
    public List<MemberFacts> awaitQuorum(Deadline deadline) {
        return quorum.awaitFormed(IntStream.range(0, replicas()).boxed().toList(), deadline);
    }
}
