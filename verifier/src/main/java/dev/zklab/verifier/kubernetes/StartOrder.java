package dev.zklab.verifier.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zklab.common.ensemble.EnsembleNames;
import dev.zklab.common.kubernetes.Pods;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether the members started in ordinal order, each only once its predecessor was Ready: judged from
 * the deployer's pod timeline (what it watched, in the API server's order) and from the pods'
 * creation timestamps and Ready conditions (one-second precision).
 */
final class StartOrder {

    /** One transition of the deployer's timeline ({@code created}, {@code ready}, {@code not-ready}, {@code deleted}). */
    record Transition(String pod, String what, Instant seen) {
    }

    /** What a source of evidence shows: the pairs it judged, and the order violations it found. */
    record Judgement(List<String> judged, List<String> violations, List<String> notJudged) {
    }

    private StartOrder() {
    }

    /** The timeline a deploy step recorded in its evidence, if it has one. */
    static Optional<List<Transition>> timeline(JsonNode evidence) {
        if (evidence == null || !evidence.path("timeline").isArray()) {
            return Optional.empty();
        }
        List<Transition> transitions = new ArrayList<>();
        for (JsonNode t : evidence.get("timeline")) {
            JsonNode seen = t.path("seen");
            transitions.add(new Transition(t.path("pod").asText(), t.path("what").asText(), seen.isNumber()
                    ? Instant.ofEpochMilli(seen.decimalValue().movePointRight(3).longValue()) : Instant.parse(seen.asText())));
        }
        return Optional.of(transitions);
    }

    /** Every pod after zk-0 that the timeline saw created must come after its predecessor's Ready. */
    static Judgement ofTimeline(List<Transition> timeline) {
        Set<String> ready = new HashSet<>();
        List<String> judged = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        for (Transition t : timeline) {
            switch (t.what()) {
                case "ready" -> ready.add(t.pod());
                case "not-ready", "deleted" -> ready.remove(t.pod());
                case "created" -> {
                    int ordinal = EnsembleNames.ordinal(t.pod());
                    if (ordinal > 0) {
                        String predecessor = EnsembleNames.podName(ordinal - 1);
                        if (ready.contains(predecessor)) {
                            judged.add(t.pod() + " created after " + predecessor + " was Ready");
                        } else {
                            violations.add(t.pod() + " was created at " + t.seen() + " while " + predecessor + " was not Ready");
                        }
                    }
                }
                default -> {
                }
            }
        }
        return new Judgement(judged, violations, List.of());
    }

    /**
     * From the pods as they are: zk-N's creation must not precede zk-(N-1)'s Ready transition. A pair is
     * not judged when the predecessor was replaced after its successor started, or restarted since
     * (its Ready time is then a later one).
     */
    static Judgement ofPods(Map<Integer, Pod> pods) {
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
            } else if (restarts(predecessor) > 0) {
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

    private static int restarts(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return 0;
        }
        return pod.getStatus().getContainerStatuses().stream()
                .mapToInt(cs -> cs.getRestartCount() == null ? 0 : cs.getRestartCount()).sum();
    }
}
