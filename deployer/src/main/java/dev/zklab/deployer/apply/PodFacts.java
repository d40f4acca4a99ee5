package dev.zklab.deployer.apply;

import dev.zklab.common.kubernetes.Pods;
import dev.zklab.common.ensemble.EnsembleNames;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * What the evidence records of one member's pod.
 *
 * @param created  the pod's creationTimestamp
 * @param ready    when its Ready condition last became true (null when not Ready)
 * @param revision the StatefulSet revision the pod runs
 */
public record PodFacts(String name, int ordinal, String uid, String node, String created, String ready, String revision,
        int restarts) {

    public static PodFacts of(Pod pod) {
        String ready = Pods.readyCondition(pod).filter(c -> "True".equals(c.getStatus()))
                .map(PodCondition::getLastTransitionTime).orElse(null);
        int restarts = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null ? 0
                : pod.getStatus().getContainerStatuses().stream().mapToInt(cs -> cs.getRestartCount() == null ? 0 : cs.getRestartCount()).sum();
        return new PodFacts(pod.getMetadata().getName(), EnsembleNames.ordinal(pod.getMetadata().getName()),
                pod.getMetadata().getUid(), pod.getSpec().getNodeName(), pod.getMetadata().getCreationTimestamp(), ready,
                pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get("controller-revision-hash"),
                restarts);
    }

    public static List<PodFacts> of(Collection<Pod> pods) {
        return pods.stream().map(PodFacts::of).sorted(Comparator.comparingInt(PodFacts::ordinal)).toList();
    }
}
