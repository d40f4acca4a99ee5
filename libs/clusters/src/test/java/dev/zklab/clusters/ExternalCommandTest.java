package dev.zklab.clusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zklab.support.wait.CancelledException;
import dev.zklab.support.wait.Deadline;
import dev.zklab.support.wait.TimedOutException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Running a tool: its output, its error lines as they come, its failure with why, and a stop at the deadline or a cancel. */
class ExternalCommandTest {

    @Test
    void returnsTheOutputAndHandsOverEachErrorLine() {
        List<String> lines = new CopyOnWriteArrayList<>();

        String out = ExternalCommand.run(
                List.of("sh", "-c", "echo one >&2; echo result; echo two >&2"),
                Deadline.in(Duration.ofSeconds(10)),
                lines::add);

        assertThat(out).isEqualTo("result\n");
        assertThat(lines).containsExactly("one", "two");
    }

    @Test
    void aFailureNamesTheCommandItsExitCodeAndItsLastWords() {
        assertThatThrownBy(() -> ExternalCommand.run(
                        List.of("sh", "-c", "echo 'no such zone' >&2; exit 3"),
                        Deadline.in(Duration.ofSeconds(10)),
                        line -> {}))
                .isInstanceOf(ExternalCommand.CommandFailedException.class)
                .hasMessage("sh -c echo 'no such zone' >&2; exit 3 failed with exit code 3: no such zone");
        assertThatThrownBy(() -> ExternalCommand.run(
                        List.of("/no/such/kind", "get", "clusters"), Deadline.in(Duration.ofSeconds(10)), line -> {}))
                .isInstanceOf(ExternalCommand.CannotStartException.class)
                .hasMessageStartingWith("cannot run /no/such/kind get clusters: ")
                .hasMessageEndingWith("install it or configure its path");
    }

    @Test
    void aToolStillRunningAtTheDeadlineOrOnCancelIsStopped(@TempDir Path dir) throws IOException {
        Path pid = dir.resolve("pid");
        List<String> sleeper = List.of("sh", "-c", "echo $$ > " + pid + "; exec sleep 30");

        assertThatThrownBy(() -> ExternalCommand.run(sleeper, Deadline.in(Duration.ofMillis(500)), line -> {}))
                .isInstanceOf(TimedOutException.class);
        assertThat(ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()))
                        .map(ProcessHandle::isAlive))
                .as("stopped at the deadline")
                .isNotEqualTo(Optional.of(true));

        Files.delete(pid);
        AtomicBoolean cancelled = new AtomicBoolean();
        Thread canceller = new Thread(() -> {
            while (!Files.exists(pid)) {
                Thread.onSpinWait();
            }
            cancelled.set(true);
        });
        canceller.start();
        assertThatThrownBy(() ->
                        ExternalCommand.run(sleeper, Deadline.in(Duration.ofSeconds(60), cancelled::get), line -> {}))
                .isInstanceOf(CancelledException.class);
        assertThat(ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()))
                        .map(ProcessHandle::isAlive))
                .as("stopped on cancel")
                .isNotEqualTo(Optional.of(true));
    }
}
