package dev.zklab.deployer.apply;

import dev.zklab.common.kubernetes.Pods;
import dev.zklab.common.ensemble.EnsembleNames;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Waits for the ensemble's StatefulSet and pods to reach a state, and says precisely why when they do not. */
public final class Rollout {

    private final KubernetesClient client;
    private final String namespace;

    public Rollout(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** Waits until the StatefulSet has {@code replicas} pods, all on its newest revision and Ready. */
    public StatefulSet awaitRolledOut(int replicas, Deadline deadline) {
        while (true) {
            StatefulSet sts = statefulSet();
            if (sts != null && rolledOut(sts, replicas)) {
                return sts;
            }
            if (deadline.passed()) {
                throw new RolloutFailedException("StatefulSet " + EnsembleNames.STATEFULSET + " in " + namespace
                        + " did not roll out " + replicas + " Ready members in time: " + laggard(sts, replicas));
            }
            deadline.pause("the rollout of " + EnsembleNames.STATEFULSET);
        }
    }

    /** Waits until the controller has seen the newest spec; returns the revision pods are updated to. */
    public String awaitUpdateRevision(Deadline deadline) {
        while (true) {
            StatefulSet sts = statefulSet();
            if (sts != null && sts.getStatus() != null && sts.getStatus().getObservedGeneration() != null
                    && sts.getStatus().getObservedGeneration() >= sts.getMetadata().getGeneration()
                    && sts.getStatus().getUpdateRevision() != null) {
                return sts.getStatus().getUpdateRevision();
            }
            if (deadline.passed()) {
                throw new RolloutFailedException("the StatefulSet controller did not take up the new spec of "
                        + EnsembleNames.STATEFULSET + " in " + namespace + " in time");
            }
            deadline.pause("the StatefulSet controller");
        }
    }

    /** Waits until member {@code ordinal} runs {@code revision} and is Ready. */
    public Pod awaitMemberOn(int ordinal, String revision, Deadline deadline) {
        String name = EnsembleNames.podName(ordinal);
        while (true) {
            Pod pod = client.pods().inNamespace(namespace).withName(name).get();
            if (pod != null && pod.getMetadata().getDeletionTimestamp() == null
                    && revision.equals(pod.getMetadata().getLabels().get("controller-revision-hash")) && Pods.isReady(pod)) {
                return pod;
            }
            if (deadline.passed()) {
                String why = pod == null ? "it does not exist (" + events(name) + ")"
                        : !revision.equals(pod.getMetadata().getLabels().get("controller-revision-hash"))
                                ? "it still runs revision " + pod.getMetadata().getLabels().get("controller-revision-hash")
                                : "it is not Ready: " + Pods.whyNotReady(pod) + " (" + events(name) + ")";
                throw new RolloutFailedException(name + " did not come back on revision " + revision + ": " + why
                        + "; see kubectl describe pod " + name + " -n " + namespace + " and kubectl logs " + name + " -n " + namespace);
            }
            deadline.pause(name + " on revision " + revision);
        }
    }

    /** Waits until the StatefulSet and its pods are gone (the PVCs may stay). */
    public void awaitGone(Deadline deadline) {
        while (statefulSet() != null || !pods().isEmpty()) {
            if (deadline.passed()) {
                throw new RolloutFailedException("StatefulSet " + EnsembleNames.STATEFULSET + " or its pods "
                        + pods().keySet() + " still exist in " + namespace);
            }
            deadline.pause("the StatefulSet's pods to go");
        }
    }

    /** Waits until pod {@code zk-<ordinal>} is gone. */
    public void awaitPodGone(int ordinal, Deadline deadline) {
        String pod = EnsembleNames.podName(ordinal);
        while (client.pods().inNamespace(namespace).withName(pod).get() != null) {
            if (deadline.passed()) {
                throw new RolloutFailedException(pod + " was not deleted in time: " + events(pod));
            }
            deadline.pause(pod + " to go");
        }
    }

    public StatefulSet statefulSet() {
        return client.apps().statefulSets().inNamespace(namespace).withName(EnsembleNames.STATEFULSET).get();
    }

    /** The ensemble's pods by name. */
    public Map<String, Pod> pods() {
        return client.pods().inNamespace(namespace).withLabels(EnsembleNames.SELECTOR).list().getItems().stream()
                .collect(Collectors.toMap(p -> p.getMetadata().getName(), Function.identity()));
    }

    static boolean rolledOut(StatefulSet sts, int replicas) {
        var status = sts.getStatus();
        if (status == null || status.getObservedGeneration() == null
                || status.getObservedGeneration() < sts.getMetadata().getGeneration()) {
            return false;
        }
        return Objects.equals(sts.getSpec().getReplicas(), replicas)
                && Objects.equals(status.getReplicas(), replicas)
                && Objects.equals(status.getReadyReplicas(), replicas)
                && Objects.equals(status.getUpdatedReplicas(), replicas)
                && Objects.equals(status.getCurrentRevision(), status.getUpdateRevision());
    }

    /** The first member that holds the rollout up, and why. */
    private String laggard(StatefulSet sts, int replicas) {
        if (sts == null) {
            return "the StatefulSet does not exist";
        }
        Map<String, Pod> pods = pods();
        String revision = sts.getStatus() == null ? null : sts.getStatus().getUpdateRevision();
        for (int ordinal = 0; ordinal < replicas; ordinal++) {
            String name = EnsembleNames.podName(ordinal);
            Pod pod = pods.get(name);
            if (pod == null) {
                return name + " was not created (" + events(name) + "; StatefulSet: " + events(EnsembleNames.STATEFULSET) + ")";
            }
            if (!Pods.isReady(pod)) {
                return name + " is not Ready: " + Pods.whyNotReady(pod) + " (" + events(name) + "); see kubectl describe pod "
                        + name + " -n " + namespace + " and kubectl logs " + name + " -n " + namespace;
            }
            String podRevision = pod.getMetadata().getLabels().get("controller-revision-hash");
            if (revision != null && !revision.equals(podRevision)) {
                return name + " still runs revision " + podRevision + ", not " + revision;
            }
        }
        return "status " + sts.getStatus();
    }

    /** The latest events about an object, newest last, for failure messages. */
    String events(String name) {
        List<Event> events = client.v1().events().inNamespace(namespace).withField("involvedObject.name", name).list().getItems();
        if (events.isEmpty()) {
            return "no events";
        }
        return events.stream()
                .sorted(Comparator.comparing(e -> Optional.ofNullable(e.getLastTimestamp()).orElse("")))
                .skip(Math.max(0, events.size() - 3))
                .map(e -> e.getReason() + ": " + e.getMessage())
                .collect(Collectors.joining(" | "));
    }
}
