package dev.zklab.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zklab.cli.output.Style;
import dev.zklab.contracts.api.RunStatus;
import dev.zklab.contracts.api.RunView;
import dev.zklab.contracts.api.StepStatus;
import dev.zklab.contracts.api.StepView;
import dev.zklab.contracts.run.ClusterSpec;
import dev.zklab.contracts.run.RunSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The live view and the plain lines of a followed run: pure functions of the run and the time, checked line by line. */
class RunLinesTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void theLiveViewIsALineForTheRunThenOnePerStepNoneWiderThanTheTerminal() {
        RunView run = run(
                RunStatus.RUNNING,
                null,
                step(
                        "01-provision",
                        StepStatus.SUCCEEDED,
                        0,
                        8_500,
                        null,
                        List.of("creating cluster lab", "cluster lab: 5 nodes ready")),
                step(
                        "02-deploy",
                        StepStatus.RUNNING,
                        9_000,
                        -1,
                        null,
                        List.of("zk-0 Ready (1/3): a long message that goes on and on")),
                step("03-teardown", StepStatus.PENDING, -1, -1, null, List.of()));

        List<String> lines = RunLines.live(run, T0.plusSeconds(20), 60, Style.NONE);

        assertThat(lines)
                .containsExactly(
                        "run 4faec62f  RUNNING  20.0 s  local/lab",
                        "  01-provision  SUCCEEDED  8.5 s         cluster lab: 5 n...",
                        "  02-deploy     RUNNING    11.0 s        zk-0 Ready (1/3)...",
                        "  03-teardown   PENDING");
        assertThat(lines).allMatch(l -> l.length() <= 60);
        assertThat(RunLines.live(run, T0.plusSeconds(20), 80, new Style(true)).get(1))
                .contains("\u001b[32mSUCCEEDED\u001b[0m")
                .endsWith("\u001b[2mcluster lab: 5 nodes ready\u001b[0m");
    }

    @Test
    void plainLinesSayWhatChangedInTheOrderItHappenedAndHowTheRunEnded() {
        RunView first = run(
                RunStatus.RUNNING,
                null,
                step("01-deploy", StepStatus.RUNNING, 0, -1, null, List.of("applying")),
                step("02-verify", StepStatus.PENDING, -1, -1, null, List.of()));
        RunView last = run(
                RunStatus.FAILED,
                "step 02-verify failed: 1 of 5 checks failed",
                step("01-deploy", StepStatus.SUCCEEDED, 0, 30_000, null, List.of("applying", "zk-2 Ready (3/3)")),
                step("02-verify", StepStatus.FAILED, 31_000, 35_000, "1 of 5 checks failed", List.of("checking")));

        assertThat(RunLines.changes(null, first, Style.NONE))
                .containsExactly("run 4faec62f RUNNING (local/lab)", "  01-deploy  applying", "  01-deploy  RUNNING");
        assertThat(RunLines.changes(first, last, Style.NONE))
                .containsExactly(
                        "  01-deploy  zk-2 Ready (3/3)",
                        "  01-deploy  SUCCEEDED in 30.0 s",
                        "  02-verify  checking",
                        "  02-verify  FAILED in 4.0 s: 1 of 5 checks failed",
                        "run 4faec62f FAILED in 40.0 s: step 02-verify failed: 1 of 5 checks failed");
        assertThat(RunLines.changes(last, last, Style.NONE))
                .as("nothing changed, nothing said")
                .isEmpty();
    }

    private static RunView run(RunStatus state, String reason, StepView... steps) {
        RunSpec spec = new RunSpec(new ClusterSpec("local", "lab", null, null, null), null, null, null);
        return new RunView(
                "4faec62f-0000-4000-8000-000000000000",
                state,
                spec,
                T0,
                T0,
                state.isFinal() ? T0.plusSeconds(40) : null,
                reason,
                List.of(steps),
                null,
                null);
    }

    private static StepView step(
            String id, StepStatus status, long startedMs, long endedMs, String reason, List<String> progress) {
        return new StepView(
                id,
                id.substring(3),
                "deployer",
                false,
                Map.of(),
                status,
                status == StepStatus.PENDING ? 0 : 1,
                startedMs < 0 ? null : T0.plusMillis(startedMs),
                endedMs < 0 ? null : T0.plusMillis(endedMs),
                null,
                reason,
                progress);
    }
}
