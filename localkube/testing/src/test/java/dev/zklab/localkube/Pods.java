package dev.zklab.localkube;

import io.fabric8.kubernetes.api.model.Pod;

/** Small facts about pods that the proof tests read. */
final class Pods {

    private Pods() {}

    static boolean isReady(Pod pod) {
        return pod.getStatus() != null
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static String node(Pod pod) {
        return pod.getSpec().getNodeName();
    }
}
