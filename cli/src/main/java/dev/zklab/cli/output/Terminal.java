package dev.zklab.cli.output;

import java.io.IOException;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;
import org.jline.utils.Curses;
import org.jline.utils.InfoCmp;
import org.jline.utils.InfoCmp.Capability;

/**
 * What the CLI's output is written to, as JLine sees it: a terminal or not (a pipe, a file), whether colour is wanted,
 * how wide the terminal is, and the terminal's own control sequences (its terminfo, from {@code TERM}) for redrawing
 * lines in place. Colour only on a terminal, never when {@code NO_COLOR} is set (https://no-color.org) or {@code TERM}
 * is {@code dumb}.
 */
public final class Terminal {

    /** Standard output and standard error. */
    public enum Stream {
        OUT(SystemStream.Output),
        ERR(SystemStream.Error);

        final SystemStream system;

        Stream(SystemStream system) {
            this.system = system;
        }
    }

    private static final int FALLBACK_WIDTH = 100;
    /** JLine's JNI provider (isatty and the window size of each standard stream); null where it cannot load. */
    private static final TerminalProvider PROVIDER = provider();

    private Terminal() {}

    /** Whether that stream is a terminal (JLine asks the stream's own descriptor; without it, {@link System#console()}). */
    public static boolean isTerminal(Stream stream) {
        return PROVIDER != null ? PROVIDER.isSystemStream(stream.system) : System.console() != null;
    }

    /** Whether to colour what is written to that stream. */
    public static boolean colour(Stream stream) {
        String noColor = System.getenv("NO_COLOR");
        return (noColor == null || noColor.isEmpty()) && !"dumb".equals(System.getenv("TERM")) && isTerminal(stream);
    }

    /** The terminal's width in columns: its window size as JLine reads it, else $COLUMNS, else 100. */
    public static int width(Stream stream) {
        int columns = PROVIDER == null ? 0 : PROVIDER.systemStreamWidth(stream.system);
        if (columns > 0) {
            return columns;
        }
        try {
            return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "").trim());
        } catch (NumberFormatException e) {
            return FALLBACK_WIDTH;
        }
    }

    /**
     * What redraws lines in place on {@code out} (that stream), with the control sequences of the terminal {@code TERM}
     * names; null when the stream is not a terminal, or one that cannot move its cursor up ({@code dumb}): then a
     * plain line per change is written instead.
     */
    public static LiveFrame liveFrame(Stream stream, PrintStream out) {
        Map<Capability, String> controls = controls(System.getenv("TERM"));
        return isTerminal(stream) && controls.containsKey(Capability.parm_up_cursor)
                ? new LiveFrame(out, controls)
                : null;
    }

    /**
     * The control sequences a live view needs, from the terminfo JLine carries for {@code term} (xterm, screen,
     * rxvt, ...); for a terminal it does not know, ANSI's, which nearly every terminal understands.
     */
    static Map<Capability, String> controls(String term) {
        String source = term == null ? null : InfoCmp.getDefaultInfoCmp(term);
        Map<Capability, String> strings = new HashMap<>();
        InfoCmp.parseInfoCmp(
                source != null ? source : InfoCmp.getDefaultInfoCmp("ansi"), new HashSet<>(), new HashMap<>(), strings);
        return strings;
    }

    /** {@code capability} with its parameters, as the terminal wants it written; empty when it has none. */
    static String sequence(Map<Capability, String> controls, Capability capability, Object... parameters) {
        String sequence = controls.get(capability);
        return sequence == null ? "" : Curses.tputs(sequence, parameters);
    }

    private static TerminalProvider provider() {
        try {
            return TerminalProvider.load("jni");
        } catch (IOException | RuntimeException | LinkageError e) {
            return null; // no native library for this system: fall back to what Java knows
        }
    }
}
