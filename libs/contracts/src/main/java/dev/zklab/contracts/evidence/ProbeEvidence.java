package dev.zklab.contracts.evidence;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.List;

/**
 * What the steady-state probe saw: a ZooKeeper client over all members, as an application's would be,
 * writing and reading at {@code ratePerSecond} through the drill. Figures per phase (each drain, each
 * uncordon, the recovery) and overall, and the set check at the end.
 */
public record ProbeEvidence(int ratePerSecond, String via, List<Phase> phases, Phase overall, SetCheck set) {

    /**
     * A time without an acknowledged write this long is an outage: the ensemble had no quorum. Shorter
     * ones are elections or a member moving (1 to 5 s on the lab's ensembles).
     */
    public static final Duration OUTAGE = Duration.ofSeconds(10);

    /** Whether the probe saw an outage ({@link #OUTAGE} or longer without a write) anywhere in the drill. */
    public boolean sawOutage() {
        return overall != null && overall.longestWriteGapMs() >= OUTAGE.toMillis();
    }

    /**
     * The operations of one phase.
     *
     * @param unknown             operations whose outcome the client could not know (a timeout, a lost connection)
     * @param availabilityPercent share of operations that succeeded
     * @param longestWriteGapMs   the longest time without a successful write (phase start and end count)
     * @param p50Ms               latency of the successful operations; null when none succeeded
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Phase(
            String name,
            long startedMs,
            long endedMs,
            long operations,
            long ok,
            long failed,
            long unknown,
            double availabilityPercent,
            long longestWriteGapMs,
            Double p50Ms,
            Double p99Ms,
            Double maxMs) {}

    /**
     * Jepsen's set check: every acknowledged write must be in the final read.
     *
     * @param lost       acknowledged writes missing from the final read (must be 0)
     * @param recovered  writes of unknown outcome that the final read holds
     * @param unexpected values in the final read that were never written
     * @param lostValues the first lost values, to look them up
     * @param error      why there is no final read (null when there is)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SetCheck(
            long attempted,
            long acknowledged,
            long read,
            long lost,
            long recovered,
            long unexpected,
            List<Long> lostValues,
            String error) {}
}
