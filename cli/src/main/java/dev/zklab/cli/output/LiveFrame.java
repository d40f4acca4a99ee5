package dev.zklab.cli.output;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.jline.utils.InfoCmp.Capability;

/**
 * A block of lines redrawn in place on a terminal, each frame over the last: up to where the last one began, each
 * line cleared and written, what is left of the last one below cleared. The cursor is hidden while frames are drawn.
 * The control sequences are the terminal's own (see {@link Terminal#liveFrame}).
 */
public final class LiveFrame {

    private final PrintStream out;
    private final Map<Capability, String> controls;
    private int drawn;

    LiveFrame(PrintStream out, Map<Capability, String> controls) {
        this.out = out;
        this.controls = controls;
    }

    /** Hides the cursor; a frame drawn next starts below whatever was written since the last one. */
    public void begin() {
        drawn = 0;
        out.print(control(Capability.cursor_invisible));
        out.flush();
    }

    /** Draws {@code lines} over the last frame; none may be wider than the terminal, or the frame would scroll. */
    public void draw(List<String> lines) {
        StringBuilder frame = new StringBuilder();
        if (drawn > 0) {
            frame.append(control(Capability.parm_up_cursor, drawn));
        }
        for (String line : lines) {
            frame.append(control(Capability.carriage_return))
                    .append(control(Capability.clr_eol))
                    .append(line)
                    .append('\n');
        }
        frame.append(control(Capability.clr_eos));
        out.print(frame);
        out.flush();
        drawn = lines.size();
    }

    /** Shows the cursor again; the last frame stays. */
    public void end() {
        out.print(control(Capability.cursor_normal));
        out.flush();
    }

    private String control(Capability capability, Object... parameters) {
        return Terminal.sequence(controls, capability, parameters);
    }
}
