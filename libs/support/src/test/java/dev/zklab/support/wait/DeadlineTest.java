package dev.zklab.support.wait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one wait of zklab (plain JUnit): a value once done, a timeout that says what and why, cancellation. */
class DeadlineTest {

    @Test
    void returnsTheValueOnceTheProbeIsDone() {
        AtomicInteger looks = new AtomicInteger();
        String value = Deadline.in(Duration.ofSeconds(10))
                .until(
                        "the third look",
                        Duration.ofMillis(1),
                        () -> looks.incrementAndGet() < 3 ? Poll.pending("look " + looks.get()) : Poll.done("ok"));
        assertThat(value).isEqualTo("ok");
        assertThat(looks).hasValue(3);
    }

    @Test
    void aTimeoutSaysWhatWasAwaitedAndWhatWasSeenLastAndAsksWhyOnlyThen() {
        AtomicInteger explained = new AtomicInteger();
        AtomicInteger looks = new AtomicInteger();
        assertThatThrownBy(() -> Deadline.in(Duration.ofMillis(50))
                        .until("zk-1 to rejoin the quorum", Duration.ofMillis(5), () -> {
                            int look = looks.incrementAndGet();
                            return Poll.pending(() -> {
                                explained.incrementAndGet();
                                return "not serving at look " + look;
                            });
                        }))
                .isInstanceOf(TimedOutException.class)
                .hasMessageStartingWith("timed out after ")
                .hasMessageContaining(" waiting for zk-1 to rejoin the quorum: not serving at look " + looks.get())
                .satisfies(e -> assertThat(((TimedOutException) e).awaited()).isEqualTo("zk-1 to rejoin the quorum"));
        assertThat(explained).hasValue(1);
        assertThat(looks.get()).isGreaterThan(1);
    }

    @Test
    void aPassedDeadlineStillLooksOnce() {
        assertThat(Deadline.in(Duration.ZERO).until("anything", () -> Poll.done(42)))
                .isEqualTo(42);
        assertThatThrownBy(() -> Deadline.in(Duration.ZERO).untilTrue("a condition that never holds", () -> false))
                .isInstanceOf(TimedOutException.class)
                .hasMessageEndingWith("waiting for a condition that never holds");
    }

    @Test
    void aCancelledRunEndsTheWaitAndSaysWhatItWaitedFor() {
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicInteger looks = new AtomicInteger();
        assertThatThrownBy(() -> Deadline.in(Duration.ofMinutes(1), cancelled::get)
                        .untilTrue("the rollout of zk", () -> {
                            if (looks.incrementAndGet() == 2) {
                                cancelled.set(true);
                            }
                            return false;
                        }))
                .isInstanceOf(CancelledException.class)
                .hasMessage("run cancelled while waiting for the rollout of zk");
        assertThat(looks).hasValue(2);
    }

    @Test
    void aProbesExceptionEndsTheWaitAsItIs() {
        assertThatThrownBy(() -> Deadline.in(Duration.ofMinutes(1)).until("a server", () -> {
                    throw new IOException("server exited; see server.log");
                }))
                .isInstanceOf(IOException.class)
                .hasMessage("server exited; see server.log");
    }

    @Test
    void anUnboundedDeadlineEndsOnlyByCancellation() {
        AtomicBoolean stopped = new AtomicBoolean();
        Deadline unbounded = Deadline.unbounded(stopped::get);
        assertThat(unbounded.passed()).isFalse();
        assertThat(unbounded.at()).isAfter(Instant.now().plus(Duration.ofDays(365 * 1000)));
        assertThat(unbounded.within(Duration.ofSeconds(1)).at())
                .isBeforeOrEqualTo(Instant.now().plus(Duration.ofSeconds(1)));
        stopped.set(true);
        assertThatThrownBy(() -> unbounded.untilTrue("the broker", () -> false)).isInstanceOf(CancelledException.class);
    }

    @Test
    void withinIsTheSoonerOfTheTwo() {
        Deadline step = Deadline.in(Duration.ofMinutes(10));
        assertThat(step.within(Duration.ofSeconds(5)).at()).isBefore(step.at());
        Deadline nearlyOver = Deadline.in(Duration.ofMillis(10));
        assertThat(nearlyOver.within(Duration.ofMinutes(5)).at()).isEqualTo(nearlyOver.at());
    }

    @Test
    void settleReturnsTheFirstSettledLookOrTheLastLookWhenTimeIsUp() {
        AtomicInteger looks = new AtomicInteger();
        assertThat(Deadline.in(Duration.ofSeconds(10))
                        .settle("a third look", Duration.ofMillis(1), looks::incrementAndGet, n -> n == 3))
                .isEqualTo(3);
        assertThat(Deadline.in(Duration.ofMillis(30))
                        .settle("never", Duration.ofMillis(5), looks::incrementAndGet, n -> false))
                .isEqualTo(looks.get())
                .isGreaterThan(4);
    }
}
