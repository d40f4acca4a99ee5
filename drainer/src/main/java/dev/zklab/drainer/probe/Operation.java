package dev.zklab.drainer.probe;

/**
 * One operation of the probe, as the client saw it.
 *
 * @param startedMs  since the probe started
 * @param endedMs    since the probe started; when the outcome became known (or the client gave up)
 * @param value      the value written (reads: -1)
 */
public record Operation(Kind kind, String phase, long startedMs, long endedMs, Outcome outcome, long value) {

    public enum Kind {
        WRITE,
        READ
    }

    /**
     * {@code UNKNOWN}: the client cannot know whether a write took effect (a timeout, a lost connection):
     * the final read decides.
     */
    public enum Outcome {
        OK,
        FAILED,
        UNKNOWN
    }

    public long latencyMs() {
        return endedMs - startedMs;
    }
}
