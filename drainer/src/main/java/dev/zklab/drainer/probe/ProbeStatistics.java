package dev.zklab.drainer.probe;

import dev.zklab.contracts.evidence.ProbeEvidence;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The probe's figures from its operations: per phase and overall, and Jepsen's set check. Pure. */
public final class ProbeStatistics {

    /** Lost values listed in the evidence, at most. */
    static final int LOST_LISTED = 20;

    /** A phase began at {@code startedMs} (since the probe started); it lasts until the next one begins. */
    public record PhaseMark(String name, long startedMs) {}

    private ProbeStatistics() {}

    /** One figure per phase, in order; {@code endedMs} ends the last one. */
    public static List<ProbeEvidence.Phase> phases(List<Operation> operations, List<PhaseMark> marks, long endedMs) {
        List<ProbeEvidence.Phase> phases = new ArrayList<>();
        for (int i = 0; i < marks.size(); i++) {
            PhaseMark mark = marks.get(i);
            long end = i + 1 < marks.size() ? marks.get(i + 1).startedMs() : endedMs;
            phases.add(phase(
                    mark.name(),
                    mark.startedMs(),
                    end,
                    operations.stream()
                            .filter(o -> o.phase().equals(mark.name())
                                    && o.startedMs() >= mark.startedMs()
                                    && o.startedMs() < end)
                            .toList()));
        }
        return phases;
    }

    /** The figures of the operations that started in [startedMs, endedMs). */
    public static ProbeEvidence.Phase phase(String name, long startedMs, long endedMs, List<Operation> operations) {
        long ok = operations.stream()
                .filter(o -> o.outcome() == Operation.Outcome.OK)
                .count();
        long failed = operations.stream()
                .filter(o -> o.outcome() == Operation.Outcome.FAILED)
                .count();
        long unknown = operations.stream()
                .filter(o -> o.outcome() == Operation.Outcome.UNKNOWN)
                .count();
        double availability = operations.isEmpty() ? 0 : Math.round(10000.0 * ok / operations.size()) / 100.0;
        long[] latencies = operations.stream()
                .filter(o -> o.outcome() == Operation.Outcome.OK)
                .mapToLong(Operation::latencyMs)
                .sorted()
                .toArray();
        return new ProbeEvidence.Phase(
                name,
                startedMs,
                endedMs,
                operations.size(),
                ok,
                failed,
                unknown,
                availability,
                longestWriteGap(operations, startedMs, endedMs),
                percentile(latencies, 50),
                percentile(latencies, 99),
                latencies.length == 0 ? null : (double) latencies[latencies.length - 1]);
    }

    /**
     * The longest time in [startedMs, endedMs] without a write acknowledged in it (a write sent in an
     * outage and acknowledged after the phase ended does not shorten the phase's outage).
     */
    static long longestWriteGap(List<Operation> operations, long startedMs, long endedMs) {
        long last = startedMs;
        long longest = 0;
        List<Long> acknowledged = operations.stream()
                .filter(o -> o.kind() == Operation.Kind.WRITE && o.outcome() == Operation.Outcome.OK)
                .map(Operation::endedMs)
                .filter(at -> at >= startedMs && at <= endedMs)
                .sorted()
                .toList();
        for (long at : acknowledged) {
            longest = Math.max(longest, at - last);
            last = Math.max(last, at);
        }
        return Math.max(longest, endedMs - last);
    }

    /** Nearest-rank percentile; null when there is no value. */
    static Double percentile(long[] sorted, int percentile) {
        if (sorted.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return (double) sorted[Math.max(0, rank - 1)];
    }

    /**
     * Jepsen's set check: every acknowledged write must be read at the end; unknown writes that were
     * read are {@code recovered}; values read that were never written are {@code unexpected}.
     */
    public static ProbeEvidence.SetCheck setCheck(List<Operation> operations, Collection<Long> read) {
        Map<Long, Operation.Outcome> written = new LinkedHashMap<>();
        operations.stream()
                .filter(o -> o.kind() == Operation.Kind.WRITE)
                .forEach(o -> written.put(o.value(), o.outcome()));
        Set<Long> finalRead = new TreeSet<>(read);
        List<Long> lost = written.entrySet().stream()
                .filter(e -> e.getValue() == Operation.Outcome.OK && !finalRead.contains(e.getKey()))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        long acknowledged =
                written.values().stream().filter(o -> o == Operation.Outcome.OK).count();
        long recovered = written.entrySet().stream()
                .filter(e -> e.getValue() == Operation.Outcome.UNKNOWN && finalRead.contains(e.getKey()))
                .count();
        long unexpected =
                finalRead.stream().filter(v -> !written.containsKey(v)).count();
        return new ProbeEvidence.SetCheck(
                written.size(),
                acknowledged,
                finalRead.size(),
                lost.size(),
                recovered,
                unexpected,
                lost.stream().limit(LOST_LISTED).toList(),
                null);
    }

    /** The set check when there is no final read: nothing can be said about lost writes. */
    public static ProbeEvidence.SetCheck unread(List<Operation> operations, String why) {
        long attempted = operations.stream()
                .filter(o -> o.kind() == Operation.Kind.WRITE)
                .count();
        long acknowledged = operations.stream()
                .filter(o -> o.kind() == Operation.Kind.WRITE && o.outcome() == Operation.Outcome.OK)
                .count();
        return new ProbeEvidence.SetCheck(attempted, acknowledged, 0, 0, 0, 0, List.of(), why);
    }
}
