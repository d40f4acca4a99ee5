package dev.zklab.gateway.report;

import dev.zklab.contracts.api.StepView;
import dev.zklab.contracts.evidence.DrainEvidence;
import dev.zklab.contracts.evidence.PodFacts;
import dev.zklab.contracts.run.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every member's pods over a run, read from its steps' evidence for the timeline: each pod's lives (created, Ready)
 * from the deploy, durability and scale steps and from a drill's replacements, when a scale step removed a member,
 * and each drill's evictions. Pure.
 */
record PodLives(
        Map<String, TreeMap<Instant, Life>> lives,
        Map<String, Instant> removed,
        Map<String, List<DrainEvidence.Eviction>> evictions) {

    static PodLives of(List<StepView> steps) {
        Map<String, TreeMap<Instant, Life>> lives = new TreeMap<>();
        Map<String, Instant> removed = new TreeMap<>();
        Map<String, List<DrainEvidence.Eviction>> evictions = new TreeMap<>();
        for (StepView step : steps) {
            if (step.is(Step.DEPLOY) || step.is(Step.DURABILITY) || step.is(Step.SCALE)) {
                List<PodFacts> pods = podsOf(step);
                madeBy(step, pods)
                        .forEach(p -> lives.computeIfAbsent(p.name(), n -> new TreeMap<>())
                                .put(instant(p.created()), new Life(instant(p.created()), instant(p.ready()))));
                if (step.is(Step.SCALE) && step.endedAt() != null && !pods.isEmpty()) {
                    lives.keySet().stream()
                            .filter(name ->
                                    pods.stream().noneMatch(p -> p.name().equals(name)))
                            .forEach(name -> removed.putIfAbsent(name, step.endedAt()));
                }
            }
            StepEvidence.drain(step)
                    .map(DrainEvidence::actions)
                    .ifPresent(actions -> actions.forEach(a -> {
                        for (DrainEvidence.Eviction e :
                                a.evictions() == null ? List.<DrainEvidence.Eviction>of() : a.evictions()) {
                            evictions
                                    .computeIfAbsent(e.pod(), p -> new ArrayList<>())
                                    .add(e);
                            Instant made = e.gone() != null ? e.gone() : e.evicted();
                            DrainEvidence.Fate fate = a.pods() == null
                                    ? null
                                    : a.pods().stream()
                                            .filter(o -> e.pod().equals(o.pod()))
                                            .map(DrainEvidence.PodOutcome::observed)
                                            .findFirst()
                                            .orElse(null);
                            Instant ready = fate == DrainEvidence.Fate.MOVES
                                    ? a.ended()
                                    : fate == DrainEvidence.Fate.PENDING ? step.endedAt() : null;
                            if (made != null && ready != null) {
                                lives.computeIfAbsent(e.pod(), n -> new TreeMap<>())
                                        .put(made, new Life(made, ready));
                            }
                        }
                    }));
        }
        return new PodLives(lives, removed, evictions);
    }

    /** One pod of a member: when it was created and when it became Ready (null if it never did). */
    record Life(Instant created, Instant ready) {}

    /** The pods a deploy, durability or scale step records (after it). */
    private static List<PodFacts> podsOf(StepView step) {
        List<PodFacts> pods =
                StepEvidence.read(step, PodsAfter.class).map(PodsAfter::pods).orElse(null);
        return pods == null
                ? List.of()
                : pods.stream()
                        .filter(p -> p != null && p.name() != null && instant(p.created()) != null)
                        .toList();
    }

    /** The pods created while the step ran: the ones it made. */
    private static List<PodFacts> madeBy(StepView step, List<PodFacts> pods) {
        if (step.startedAt() == null) {
            return List.of();
        }
        Instant until = step.endedAt() != null ? step.endedAt() : Instant.MAX;
        // creationTimestamp has whole seconds: a pod made in the step's first second is the step's.
        Instant from = step.startedAt().minusSeconds(1);
        return pods.stream()
                .filter(p -> instant(p.created()).isAfter(from)
                        && instant(p.created()).isBefore(until))
                .toList();
    }

    /** A timestamp of the evidence; null when there is none or it is not one. */
    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** The part of a deploy, durability or scale step's evidence the picture reads: its pods after it. */
    private record PodsAfter(List<PodFacts> pods) {}
}
