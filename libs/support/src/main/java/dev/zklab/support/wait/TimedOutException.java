package dev.zklab.support.wait;

import java.time.Duration;

/** A wait ran out of time; the message says what was awaited, for how long, and what was last seen. */
public class TimedOutException extends RuntimeException {

    private final String awaited;
    private final String lastSeen;

    public TimedOutException(String awaited, Duration waited, String lastSeen) {
        super("timed out after " + seconds(waited) + " waiting for " + awaited
                + (lastSeen == null || lastSeen.isBlank() ? "" : ": " + lastSeen));
        this.awaited = awaited;
        this.lastSeen = lastSeen;
    }

    public String awaited() {
        return awaited;
    }

    /** Why the condition did not hold at the last look, or null. */
    public String lastSeen() {
        return lastSeen;
    }

    private static String seconds(Duration waited) {
        long millis = waited.toMillis();
        return millis < 10_000 ? String.format("%.1f s", millis / 1000.0) : (millis + 500) / 1000 + " s";
    }
}
