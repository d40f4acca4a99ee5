package dev.zklab.support.kubernetes;

import dev.zklab.contracts.evidence.PodFacts;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Facts about a pod read from its status: readiness, why it is not Ready (for messages that say where
 * to look), restarts, and what evidence records of an ensemble member's pod.
 */
public final class Pods {

    /** The label the StatefulSet controller puts on each pod: the revision it runs. */
    public static final String REVISION_LABEL = "controller-revision-hash";

    private Pods() {}

    public static boolean isReady(Pod pod) {
        return Readiness.isPodReady(pod);
    }

    /** The StatefulSet revision the pod runs, or null. */
    public static String revision(Pod pod) {
        return pod.getMetadata().getLabels() == null
                ? null
                : pod.getMetadata().getLabels().get(REVISION_LABEL);
    }

    /** Restarts of all its containers. */
    public static int restarts(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return 0;
        }
        return pod.getStatus().getContainerStatuses().stream()
                .mapToInt(cs -> cs.getRestartCount() == null ? 0 : cs.getRestartCount())
                .sum();
    }

    /** What evidence records of an ensemble member's pod. */
    public static PodFacts facts(Pod pod) {
        String ready = readyCondition(pod)
                .filter(c -> "True".equals(c.getStatus()))
                .map(PodCondition::getLastTransitionTime)
                .orElse(null);
        return new PodFacts(
                pod.getMetadata().getName(),
                EnsembleNames.ordinal(pod.getMetadata().getName()),
                pod.getMetadata().getUid(),
                pod.getSpec().getNodeName(),
                pod.getMetadata().getCreationTimestamp(),
                ready,
                revision(pod),
                restarts(pod));
    }

    /** The facts of the members' pods, in ordinal order. */
    public static List<PodFacts> facts(Collection<Pod> pods) {
        return pods.stream()
                .map(Pods::facts)
                .sorted(Comparator.comparingInt(PodFacts::ordinal))
                .toList();
    }

    /** Whether the scheduler found no node for the pod (its PodScheduled condition False, reason Unschedulable). */
    public static boolean isUnschedulable(Pod pod) {
        return pod.getStatus() != null
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "PodScheduled".equals(c.getType())
                                && "False".equals(c.getStatus())
                                && "Unschedulable".equals(c.getReason()));
    }

    public static Optional<PodCondition> readyCondition(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType()))
                .findFirst();
    }

    /** Why a pod is not Ready, from its conditions and container states, for failure messages. */
    public static String whyNotReady(Pod pod) {
        if (pod.getStatus() == null) {
            return "no status yet";
        }
        StringBuilder why = new StringBuilder("phase " + pod.getStatus().getPhase());
        if (pod.getStatus().getConditions() != null) {
            pod.getStatus().getConditions().stream()
                    .filter(c -> !"True".equals(c.getStatus()) && c.getReason() != null)
                    .forEach(c -> why.append("; ")
                            .append(c.getType())
                            .append(": ")
                            .append(c.getReason())
                            .append(c.getMessage() == null ? "" : " (" + c.getMessage() + ")"));
        }
        if (pod.getStatus().getContainerStatuses() != null) {
            pod.getStatus().getContainerStatuses().forEach(cs -> {
                if (cs.getState() != null && cs.getState().getWaiting() != null) {
                    var waiting = cs.getState().getWaiting();
                    why.append("; container ")
                            .append(cs.getName())
                            .append(" waiting: ")
                            .append(waiting.getReason());
                    if (waiting.getMessage() != null && !waiting.getMessage().isBlank()) {
                        why.append(" (").append(waiting.getMessage()).append(")");
                    }
                }
                if (cs.getLastState() != null && cs.getLastState().getTerminated() != null) {
                    why.append("; container ")
                            .append(cs.getName())
                            .append(" last exited ")
                            .append(cs.getLastState().getTerminated().getExitCode())
                            .append(" (")
                            .append(cs.getLastState().getTerminated().getReason())
                            .append(")");
                }
                if (cs.getRestartCount() != null && cs.getRestartCount() > 0) {
                    why.append("; restarts ").append(cs.getRestartCount());
                }
            });
        }
        return why.toString();
    }
}
