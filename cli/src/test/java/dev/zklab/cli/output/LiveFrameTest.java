package dev.zklab.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jline.utils.InfoCmp.Capability;
import org.junit.jupiter.api.Test;

class LiveFrameTest {

    @Test
    void eachFrameGoesBackOverTheLastWithTheTerminalsOwnSequences() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LiveFrame frame =
                new LiveFrame(new PrintStream(bytes, true, StandardCharsets.UTF_8), Terminal.controls("xterm"));

        frame.begin();
        frame.draw(List.of("run 4faec62f RUNNING", "  01-deploy RUNNING"));
        frame.draw(List.of("run 4faec62f SUCCEEDED"));
        frame.end();

        // xterm's terminfo: civis, cr + el before each line, ed after the frame, cuu back over the last one, cnorm.
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("\u001b[?25l"
                        + "\r\u001b[Krun 4faec62f RUNNING\n\r\u001b[K  01-deploy RUNNING\n\u001b[J"
                        + "\u001b[2A\r\u001b[Krun 4faec62f SUCCEEDED\n\u001b[J"
                        + "\u001b[?12l\u001b[?25h");
    }

    @Test
    void aTerminalJLineDoesNotKnowGetsAnsisSequences() {
        assertThat(Terminal.sequence(Terminal.controls("no-such-terminal"), Capability.parm_up_cursor, 3))
                .isEqualTo("\u001b[3A");
        assertThat(Terminal.sequence(Terminal.controls(null), Capability.clr_eol))
                .isEqualTo("\u001b[K");
    }
}
