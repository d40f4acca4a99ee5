package dev.zklab.system;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A benchmark figure of a whole run, from its own evidence: its wall time against the waits nobody can
 * avoid — the cluster's creation and deletion by its provider, each member's pod from created to Ready
 * (ZooKeeper's start-up and the readiness probe's initial delay; one after the other, OrderedReady), and
 * the drill from its first drain on (each replacement's start, the confirmation that a member stays Pending,
 * the budget's bounded wait, the recovery after the uncordon). Everything else is zklab's own time:
 * checks, verifications, reconfiguration, waits for status, messaging.
 */
record LabRunWaits(Duration wall, Map<String, Duration> unavoidable) {

    static LabRunWaits of(JsonPath run) {
        Map<String, Duration> waits = new LinkedHashMap<>();
        List<Map<String, Object>> steps = run.getList("steps");
        for (int i = 0; i < steps.size(); i++) {
            String step = "steps[" + i + "]";
            String name = run.getString(step + ".name");
            String id = run.getString(step + ".id");
            Instant started = instant(run.getString(step + ".startedAt"));
            Instant ended = instant(run.getString(step + ".endedAt"));
            if (started == null || ended == null) {
                continue;
            }
            switch (name) {
                case "provision-cluster", "teardown" ->
                    waits.put(id + " (the provider)", Duration.between(started, ended));
                case "deploy", "durability", "scale" ->
                    waits.put(id + " (pods created to Ready)", podsMade(run, step, started, ended));
                case "drain" -> {
                    Instant firstDrain = instant(run.getString(step + ".evidence.actions[0].started"));
                    waits.put(
                            id + " (from the first drain: moves, Pending, the budget's wait, recovery)",
                            firstDrain == null ? Duration.ZERO : Duration.between(firstDrain, ended));
                }
                default -> {}
            }
        }
        return new LabRunWaits(
                Duration.between(instant(run.getString("createdAt")), instant(run.getString("endedAt"))), waits);
    }

    Duration total() {
        return unavoidable.values().stream().reduce(Duration.ZERO, Duration::plus);
    }

    double ratio() {
        return (double) wall.toMillis() / total().toMillis();
    }

    String describe() {
        StringBuilder text = new StringBuilder(String.format(
                java.util.Locale.ROOT,
                "wall time %.1f s; waits nobody can avoid %.1f s; ratio %.2f (goal <= 1.25)%n",
                seconds(wall),
                seconds(total()),
                ratio()));
        unavoidable.forEach(
                (what, d) -> text.append(String.format(java.util.Locale.ROOT, "  %6.1f s  %s%n", seconds(d), what)));
        return text.toString();
    }

    /** The pods a deploy, durability or scale step made (created while it ran), created to Ready. */
    private static Duration podsMade(JsonPath run, String step, Instant started, Instant ended) {
        List<Map<String, Object>> pods = run.getList(step + ".evidence.pods");
        List<Duration> starts = new ArrayList<>();
        for (Map<String, Object> pod : pods == null ? List.<Map<String, Object>>of() : pods) {
            Instant created = instant((String) pod.get("created"));
            Instant ready = instant((String) pod.get("ready"));
            if (created != null
                    && ready != null
                    && !created.isBefore(started.minusSeconds(1))
                    && created.isBefore(ended)) {
                starts.add(Duration.between(created, ready));
            }
        }
        return starts.stream().filter(Objects::nonNull).reduce(Duration.ZERO, Duration::plus);
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
