package dev.zklab.support.text;

import java.time.Duration;
import java.util.Locale;

/** Durations as people read them, one way everywhere: the report, its picture, the CLI. */
public final class Durations {

    private Durations() {}

    /** Seconds with a tenth: {@code 8.5 s}, {@code 214.2 s}. */
    public static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    /** Seconds under a minute ({@code 8.5 s}), then minutes and seconds ({@code 3 min 04 s}), then hours ({@code 1 h 02 min}). */
    public static String human(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return seconds(duration);
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
    }
}
