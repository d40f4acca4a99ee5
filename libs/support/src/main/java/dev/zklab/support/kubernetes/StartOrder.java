package dev.zklab.support.kubernetes;

import dev.zklab.contracts.evidence.PodTransition;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether the members started in ordinal order, each only once its predecessor was Ready (what
 * OrderedReady promises): judged from a pod timeline (what a watch saw, in the API server's order) and
 * from the pods' creation timestamps and Ready conditions (one-second precision). Pure.
 */
public final class StartOrder {

    /** What a source of evidence shows: the pairs it judged, the order violations it found, what it could not judge. */
    public record Judgement(List<String> judged, List<String> violations, List<String> notJudged) {}

    private StartOrder() {}

    /** Every pod after zk-0 that the timeline saw created must come after its predecessor's Ready. */
    public static Judgement ofTimeline(List<PodTransition> timeline) {
        Set<String> ready = new HashSet<>();
        List<String> judged = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        for (PodTransition t : timeline) {
            switch (t.what()) {
                case PodTransition.READY -> ready.add(t.pod());
                case PodTransition.NOT_READY, PodTransition.DELETED -> ready.remove(t.pod());
                case PodTransition.CREATED -> {
                    int ordinal = EnsembleNames.ordinal(t.pod());
                    if (ordinal > 0) {
                        String predecessor = EnsembleNames.podName(ordinal - 1);
                        if (ready.contains(predecessor)) {
                            judged.add(t.pod() + " created after " + predecessor + " was Ready");
                        } else {
                            violations.add(t.pod() + " was created at " + t.seen() + " while " + predecessor
                                    + " was not Ready");
                        }
                    }
                }
                default -> {}
            }
        }
        return new Judgement(judged, violations, List.of());
    }

    /**
     * From the pods as they are: zk-N's creation must not precede zk-(N-1)'s Ready transition. A pair is
     * not judged when the predecessor was replaced after its successor started, or restarted since
     * (its Ready time is then a later one).
     */
    public static Judgement ofPods(Map<Integer, Pod> pods) {
        List<String> judged = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        List<String> notJudged = new ArrayList<>();
        for (Map.Entry<Integer, Pod> entry : pods.entrySet()) {
            int ordinal = entry.getKey();
            Pod predecessor = pods.get(ordinal - 1);
            if (ordinal == 0 || predecessor == null) {
                continue;
            }
            Pod pod = entry.getValue();
            String name = pod.getMetadata().getName();
            String before = predecessor.getMetadata().getName();
            Instant created = Instant.parse(pod.getMetadata().getCreationTimestamp());
            Instant predecessorCreated = Instant.parse(predecessor.getMetadata().getCreationTimestamp());
            Optional<Instant> predecessorReady = Pods.readyCondition(predecessor)
                    .filter(c -> "True".equals(c.getStatus()) && c.getLastTransitionTime() != null)
                    .map(c -> Instant.parse(c.getLastTransitionTime()));
            if (predecessorCreated.isAfter(created)) {
                notJudged.add(before + " was recreated (" + predecessorCreated + ") after " + name + " started");
            } else if (Pods.restarts(predecessor) > 0) {
                notJudged.add(before + " restarted since, so its Ready time is a later one");
            } else if (predecessorReady.isEmpty()) {
                notJudged.add(before + " is not Ready now");
            } else if (created.isBefore(predecessorReady.get())) {
                violations.add(name + " was created at " + created + ", before " + before + " became Ready at "
                        + predecessorReady.get());
            } else {
                judged.add(name + " created " + created + " >= " + before + " Ready " + predecessorReady.get());
            }
        }
        return new Judgement(judged, violations, notJudged);
    }
}
