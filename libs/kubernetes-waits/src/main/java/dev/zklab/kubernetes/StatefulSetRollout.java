package dev.zklab.kubernetes;

import dev.zklab.support.kubernetes.EnsembleNames;
import dev.zklab.support.kubernetes.Pods;
import dev.zklab.support.wait.Deadline;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Waits for the ensemble's StatefulSet and its pods to reach a state — rolled out, a member on a
 * revision, gone — and says precisely which pod holds it up, and why, when they do not.
 */
public final class StatefulSetRollout {

    private final KubernetesClient client;
    private final String namespace;
    private final PodWaits pods;

    public StatefulSetRollout(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        this.pods = new PodWaits(client, namespace);
    }

    /** Waits until the StatefulSet has {@code replicas} pods, all on its newest revision and Ready. */
    public StatefulSet awaitRolledOut(int replicas, Deadline deadline) {
        return Watched.until(
                deadline,
                "StatefulSet " + EnsembleNames.STATEFULSET + " in " + namespace + " to roll out " + replicas
                        + " Ready members",
                statefulSetResource(),
                sts -> sts != null && rolledOut(sts, replicas),
                () -> laggard(statefulSet(), replicas));
    }

    /** Waits until the controller has seen the newest spec; returns the revision pods are updated to. */
    public String awaitUpdateRevision(Deadline deadline) {
        StatefulSet sts = Watched.until(
                deadline,
                "the StatefulSet controller to take up the new spec of " + EnsembleNames.STATEFULSET + " in "
                        + namespace,
                statefulSetResource(),
                s -> s != null
                        && s.getStatus() != null
                        && s.getStatus().getObservedGeneration() != null
                        && s.getStatus().getObservedGeneration()
                                >= s.getMetadata().getGeneration()
                        && s.getStatus().getUpdateRevision() != null,
                () -> {
                    StatefulSet now = statefulSet();
                    return now == null
                            ? "the StatefulSet does not exist"
                            : "observed generation "
                                    + (now.getStatus() == null
                                            ? "none"
                                            : now.getStatus().getObservedGeneration()) + " of generation "
                                    + now.getMetadata().getGeneration();
                });
        return sts.getStatus().getUpdateRevision();
    }

    /** Waits until member {@code ordinal} runs {@code revision} and is Ready. */
    public Pod awaitMemberOn(int ordinal, String revision, Deadline deadline) {
        String name = EnsembleNames.podName(ordinal);
        return Watched.until(
                deadline,
                name + " to come back on revision " + revision,
                client.pods().inNamespace(namespace).withName(name),
                pod -> pod != null
                        && pod.getMetadata().getDeletionTimestamp() == null
                        && revision.equals(Pods.revision(pod))
                        && Pods.isReady(pod),
                () -> {
                    Pod pod =
                            client.pods().inNamespace(namespace).withName(name).get();
                    return pod != null && !revision.equals(Pods.revision(pod))
                            ? name + " still runs revision " + Pods.revision(pod)
                            : pods.whyNotReady(name);
                });
    }

    /** Waits until the StatefulSet and all its pods are gone (the PVCs may stay). */
    public void awaitGone(Deadline deadline) {
        Watched.untilGone(
                deadline,
                "StatefulSet " + EnsembleNames.STATEFULSET + " in " + namespace + " to go",
                statefulSetResource(),
                () -> "it still exists");
        Watched.untilAll(
                deadline,
                "the pods of StatefulSet " + EnsembleNames.STATEFULSET + " in " + namespace + " to go",
                client.pods().inNamespace(namespace).withLabels(EnsembleNames.SELECTOR),
                List::isEmpty,
                () -> "still there: " + pods().keySet());
    }

    /** Waits until member {@code ordinal}'s pod is gone for good (a member removed by a scale step). */
    public void awaitMemberGone(int ordinal, Deadline deadline) {
        pods.awaitGone(EnsembleNames.podName(ordinal), deadline);
    }

    public StatefulSet statefulSet() {
        return statefulSetResource().get();
    }

    /** The ensemble's pods by name. */
    public Map<String, Pod> pods() {
        return client.pods().inNamespace(namespace).withLabels(EnsembleNames.SELECTOR).list().getItems().stream()
                .collect(Collectors.toMap(p -> p.getMetadata().getName(), Function.identity()));
    }

    /** Whether the StatefulSet's controller has rolled out {@code replicas} Ready members on its newest revision. */
    public static boolean rolledOut(StatefulSet sts, int replicas) {
        var status = sts.getStatus();
        if (status == null
                || status.getObservedGeneration() == null
                || status.getObservedGeneration() < sts.getMetadata().getGeneration()) {
            return false;
        }
        return Objects.equals(sts.getSpec().getReplicas(), replicas)
                && Objects.equals(status.getReplicas(), replicas)
                && Objects.equals(status.getReadyReplicas(), replicas)
                && Objects.equals(status.getUpdatedReplicas(), replicas)
                && Objects.equals(status.getCurrentRevision(), status.getUpdateRevision());
    }

    private RollableScalableResource<StatefulSet> statefulSetResource() {
        return client.apps().statefulSets().inNamespace(namespace).withName(EnsembleNames.STATEFULSET);
    }

    /** The first member that holds the rollout up, and why. */
    private String laggard(StatefulSet sts, int replicas) {
        if (sts == null) {
            return "the StatefulSet does not exist";
        }
        Map<String, Pod> current = pods();
        String revision = sts.getStatus() == null ? null : sts.getStatus().getUpdateRevision();
        for (int ordinal = 0; ordinal < replicas; ordinal++) {
            String name = EnsembleNames.podName(ordinal);
            Pod pod = current.get(name);
            if (pod == null) {
                return name + " was not created (" + Events.latest(client, namespace, name) + "; StatefulSet: "
                        + Events.latest(client, namespace, EnsembleNames.STATEFULSET) + ")";
            }
            if (!Pods.isReady(pod)) {
                return pods.whyNotReady(name);
            }
            if (revision != null && !revision.equals(Pods.revision(pod))) {
                return name + " still runs revision " + Pods.revision(pod) + ", not " + revision;
            }
        }
        return "status " + sts.getStatus();
    }
}
