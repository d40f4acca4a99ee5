package dev.zklab.support.wait;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * When a piece of work must give up, and whether its run was cancelled — and the one way zklab
 * waits: look at a condition until it holds, the deadline passes or the run is cancelled. A wait
 * names what it awaits; the timeout's message says that, how long it waited and what it saw last.
 * (Kubernetes objects are awaited through kubernetes-waits' {@code Watched}, on top of this.)
 */
public final class Deadline {

    /** How often a condition is looked at, unless the wait says otherwise. */
    public static final Duration POLL = Duration.ofMillis(250);

    private final Instant at;
    private final BooleanSupplier cancelled;

    private Deadline(Instant at, BooleanSupplier cancelled) {
        this.at = at;
        this.cancelled = cancelled;
    }

    /** A deadline {@code timeout} from now that is never cancelled (test servers, the undo of a failed change). */
    public static Deadline in(Duration timeout) {
        return in(timeout, () -> false);
    }

    /** A deadline {@code timeout} from now, cancelled when {@code cancelled} says so (a step's run). */
    public static Deadline in(Duration timeout, BooleanSupplier cancelled) {
        return new Deadline(Instant.now().plus(timeout.isNegative() ? Duration.ZERO : timeout), cancelled);
    }

    /** No time limit, only cancellation: for what must go on until it is done or its service stops. */
    public static Deadline unbounded(BooleanSupplier cancelled) {
        return new Deadline(Instant.MAX, cancelled);
    }

    public Instant at() {
        return at;
    }

    public boolean passed() {
        return Instant.now().isAfter(at);
    }

    /** The sooner of this deadline and {@code timeout} from now; cancelled with this one. */
    public Deadline within(Duration timeout) {
        Instant sooner = Instant.now().plus(timeout);
        return new Deadline(sooner.isBefore(at) ? sooner : at, cancelled);
    }

    /** Throws {@link CancelledException} when the run was cancelled or the thread interrupted. */
    public void checkCancelled(String during) {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancelledException("interrupted while " + during);
        }
        if (cancelled.getAsBoolean()) {
            throw new CancelledException("run cancelled while " + during);
        }
    }

    /** Sleeps {@code pause} (at most until the deadline); throws when the run is cancelled meanwhile. */
    public void sleep(Duration pause, String during) {
        Instant until = Instant.now().plus(pause);
        if (until.isAfter(at)) {
            until = at;
        }
        while (true) {
            checkCancelled(during);
            long left = Duration.between(Instant.now(), until).toMillis();
            if (left <= 0) {
                return;
            }
            try {
                Thread.sleep(Math.min(left, POLL.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException("interrupted while " + during);
            }
        }
    }

    /** Looks at {@code probe} every {@link #POLL} until it is done; returns its value. */
    public <T, E extends Exception> T until(String awaited, Probe<T, E> probe) throws E {
        return until(awaited, POLL, probe);
    }

    /**
     * Looks at {@code probe} every {@code every} until it is done (at least once, even when the
     * deadline has passed already); returns its value. An exception of the probe ends the wait.
     *
     * @param awaited what is awaited, as the end of "waiting for ...", e.g. "zk-1 to rejoin the quorum"
     * @throws TimedOutException  when the deadline passes first
     * @throws CancelledException when the run is cancelled first
     */
    public <T, E extends Exception> T until(String awaited, Duration every, Probe<T, E> probe) throws E {
        Instant started = Instant.now();
        while (true) {
            checkCancelled("waiting for " + awaited);
            Poll<T> poll = probe.poll();
            if (poll instanceof Poll.Done<T> done) {
                return done.value();
            }
            if (passed()) {
                throw new TimedOutException(
                        awaited,
                        Duration.between(started, Instant.now()),
                        ((Poll.Pending<T>) poll).why().get());
            }
            sleep(every, "waiting for " + awaited);
        }
    }

    /**
     * Looks every {@code every} until {@code settled} holds or the deadline passes, and returns the last
     * look either way: for checks that report what they saw rather than fail on a timeout (status that
     * controllers write a moment later, members catching up with a write). Cancellation still throws.
     */
    public <T, E extends Exception> T settle(String awaited, Duration every, Look<T, E> look, Predicate<T> settled)
            throws E {
        while (true) {
            checkCancelled("waiting for " + awaited);
            T seen = look.look();
            if (settled.test(seen) || passed()) {
                return seen;
            }
            sleep(every, "waiting for " + awaited);
        }
    }

    /** Looks at {@code condition} every {@link #POLL} until it holds. */
    public <E extends Exception> void untilTrue(String awaited, Condition<E> condition) throws E {
        until(awaited, POLL, () -> condition.holds() ? Poll.done(Boolean.TRUE) : Poll.pending(""));
    }

    @Override
    public String toString() {
        return "Deadline[" + at + "]";
    }

    /** One look at what is awaited. */
    @FunctionalInterface
    public interface Probe<T, E extends Exception> {
        Poll<T> poll() throws E;
    }

    /** One look at something that settles. */
    @FunctionalInterface
    public interface Look<T, E extends Exception> {
        T look() throws E;
    }

    /** One look at a condition that either holds or not. */
    @FunctionalInterface
    public interface Condition<E extends Exception> {
        boolean holds() throws E;
    }
}
