package dev.zklab.drainer.drill;

import dev.zklab.contracts.evidence.DrainEvidence.Fate;
import dev.zklab.kubernetes.Events;
import dev.zklab.support.kubernetes.EnsembleNames;
import dev.zklab.support.kubernetes.Pods;
import dev.zklab.support.wait.Deadline;
import dev.zklab.support.wait.Poll;
import dev.zklab.support.wait.TimedOutException;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a pod that a disruption took away went: its replacement Ready on another node (and, for a member, serving in
 * the quorum again), or Pending with the scheduler's reason; a pod without a controller is not replaced.
 */
public final class ReplacementWatch {

    /** What became of one pod, in words for the evidence. */
    public record Observed(Fate fate, String words) {}

    private final KubernetesClient client;
    private final String namespace;
    private final Duration pendingWait;
    private final DrilledEnsemble ensemble;

    /**
     * @param namespace   the drilled ensemble's
     * @param pendingWait how long a replacement may take to be Ready before it counts as Pending
     */
    public ReplacementWatch(KubernetesClient client, String namespace, Duration pendingWait, DrilledEnsemble ensemble) {
        this.client = client;
        this.namespace = namespace;
        this.pendingWait = pendingWait;
        this.ensemble = ensemble;
    }

    /**
     * Follows pod {@code name} of {@code podNamespace}, whose instance {@code uid} left node {@code left}; {@code controller}
     * is the kind of its controller ({@code null}: none).
     */
    public Observed follow(
            String podNamespace, String name, String uid, String controller, String left, Deadline deadline) {
        if (controller == null) {
            return new Observed(Fate.REMOVED, name + " was removed: no controller re-creates it");
        }
        if (!"StatefulSet".equals(controller)) {
            return new Observed(
                    Fate.EVICTED, name + " was evicted; its " + controller + " re-creates it under a new name");
        }
        boolean member = podNamespace.equals(namespace) && name.matches(EnsembleNames.STATEFULSET + "-\\d+");
        Instant[] unschedulableSince = {null};
        try {
            Observed observed = deadline.within(pendingWait).until(name + " to be Ready again or Pending", () -> {
                Pod pod = client.pods().inNamespace(podNamespace).withName(name).get();
                Optional<String> heldBack =
                        member && pod == null ? heldBackBy(EnsembleNames.ordinal(name)) : Optional.empty();
                if (heldBack.isPresent()) {
                    // OrderedReady: the StatefulSet makes a member again only once every lower one is Ready.
                    unschedulableSince[0] = unschedulableSince[0] == null ? Instant.now() : unschedulableSince[0];
                    if (!confirmed(unschedulableSince[0])) {
                        return Poll.pending(
                                name + " is not re-created: waiting for " + heldBack.get() + " (confirming)");
                    }
                    return Poll.done(new Observed(
                            Fate.PENDING,
                            name + " stays Pending: StatefulSet " + EnsembleNames.STATEFULSET
                                    + " (OrderedReady) makes it again only once " + heldBack.get() + " is Ready, and "
                                    + heldBack.get()
                                    + " is not: " + pendingWhy(heldBack.get())));
                }
                if (pod == null || pod.getMetadata().getUid().equals(uid)) {
                    unschedulableSince[0] = null;
                    return Poll.pending(name + " is not re-created yet");
                }
                if (Pods.isReady(pod) && pod.getMetadata().getDeletionTimestamp() == null) {
                    return Poll.done(new Observed(
                            Fate.MOVES, name + " moved to " + pod.getSpec().getNodeName() + " and is Ready"));
                }
                if (!Pods.isUnschedulable(pod)) {
                    unschedulableSince[0] = null;
                    return Poll.pending(name + " is not Ready: " + Pods.whyNotReady(pod));
                }
                unschedulableSince[0] = unschedulableSince[0] == null ? Instant.now() : unschedulableSince[0];
                if (!confirmed(unschedulableSince[0])) {
                    return Poll.pending(name + " is unschedulable (confirming)");
                }
                return Poll.done(new Observed(
                        Fate.PENDING, name + " stays Pending: FailedScheduling: " + scheduler(podNamespace, pod)));
            });
            if (observed.fate() == Fate.MOVES && member) {
                ensemble.awaitServing(name, deadline);
            }
            return observed;
        } catch (TimedOutException e) {
            return new Observed(
                    Fate.PENDING,
                    name + " was not Ready within " + pendingWait.toSeconds() + " s after leaving " + left + ": "
                            + e.getMessage());
        }
    }

    private static boolean confirmed(Instant since) {
        return Duration.between(since, Instant.now()).compareTo(LiveEnsemble.PENDING_CONFIRM) >= 0;
    }

    /**
     * The lower member an OrderedReady StatefulSet waits for before it makes this one again: the first that is not
     * Ready. Empty when none is (or the StatefulSet makes its pods in parallel).
     */
    private Optional<String> heldBackBy(int ordinal) {
        StatefulSet sts = client.apps()
                .statefulSets()
                .inNamespace(namespace)
                .withName(EnsembleNames.STATEFULSET)
                .get();
        if (sts == null || "Parallel".equals(sts.getSpec().getPodManagementPolicy())) {
            return Optional.empty();
        }
        for (int lower = 0; lower < ordinal; lower++) {
            Pod pod = client.pods()
                    .inNamespace(namespace)
                    .withName(EnsembleNames.podName(lower))
                    .get();
            if (pod == null || !Pods.isReady(pod)) {
                return Optional.of(EnsembleNames.podName(lower));
            }
        }
        return Optional.empty();
    }

    /** Why a member is not Ready: the scheduler's latest word when it cannot be placed. */
    private String pendingWhy(String name) {
        Pod pod = client.pods().inNamespace(namespace).withName(name).get();
        if (pod == null) {
            return "it does not exist";
        }
        return Pods.isUnschedulable(pod) ? "FailedScheduling: " + scheduler(namespace, pod) : Pods.whyNotReady(pod);
    }

    /** The scheduler's latest reason for not placing the pod. */
    private String scheduler(String podNamespace, Pod pod) {
        return Events.latest(client, podNamespace, pod.getMetadata().getName(), "FailedScheduling")
                .orElse(Pods.readyCondition(pod).map(c -> c.getMessage()).orElse("unschedulable"));
    }
}
