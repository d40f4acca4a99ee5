package dev.zklab.common.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.Optional;

/** Facts about a pod read from its status: readiness, and why it is not Ready (for messages that say where to look). */
public final class Pods {

    private Pods() {
    }

    public static boolean isReady(Pod pod) {
        return readyCondition(pod).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    public static Optional<PodCondition> readyCondition(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst();
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
                    .forEach(c -> why.append("; ").append(c.getType()).append(": ").append(c.getReason())
                            .append(c.getMessage() == null ? "" : " (" + c.getMessage() + ")"));
        }
        if (pod.getStatus().getContainerStatuses() != null) {
            pod.getStatus().getContainerStatuses().forEach(cs -> {
                if (cs.getState() != null && cs.getState().getWaiting() != null) {
                    var waiting = cs.getState().getWaiting();
                    why.append("; container ").append(cs.getName()).append(" waiting: ").append(waiting.getReason());
                    if (waiting.getMessage() != null && !waiting.getMessage().isBlank()) {
                        why.append(" (").append(waiting.getMessage()).append(")");
                    }
                }
                if (cs.getLastState() != null && cs.getLastState().getTerminated() != null) {
                    why.append("; container ").append(cs.getName()).append(" last exited ")
                            .append(cs.getLastState().getTerminated().getExitCode()).append(" (")
                            .append(cs.getLastState().getTerminated().getReason()).append(")");
                }
                if (cs.getRestartCount() != null && cs.getRestartCount() > 0) {
                    why.append("; restarts ").append(cs.getRestartCount());
                }
            });
        }
        return why.toString();
    }
}
