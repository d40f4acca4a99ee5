package dev.zklab.cli.watch;

import dev.zklab.cli.client.ApiException;
import dev.zklab.cli.client.Endpoint;
import dev.zklab.cli.client.GatewayApi;
import dev.zklab.cli.client.UnreachableException;
import dev.zklab.cli.output.LiveFrame;
import dev.zklab.cli.output.Style;
import dev.zklab.cli.output.Terminal;
import dev.zklab.cli.output.Text;
import dev.zklab.contracts.api.RunChange;
import dev.zklab.contracts.api.RunView;
import dev.zklab.support.text.Durations;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.ws.rs.WebApplicationException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Follows a run until it ends, drawing it to one stream: on a terminal, the live view redrawn in place every
 * second; elsewhere, a plain line for each change. The gateway's stream of the run's changes carries what is drawn:
 * the whole run first, then what each event changed, applied here, so the run is never read again. A stream that
 * drops is opened again (its first change is the whole run, so nothing is missed), and so is one quiet for a minute,
 * in case it stalled unseen.
 */
public final class RunFollower {

    private static final Duration TICK = Duration.ofSeconds(1);
    /** A stream with no change for this long is opened again, in case it stalled without closing. */
    private static final Duration QUIET = Duration.ofMinutes(1);

    /** How long a gateway may be away (restarting, say) before following fails. */
    private static final Duration OUTAGE = Duration.ofMinutes(2);

    private final Endpoint gateway;
    private final PrintStream out;
    /** The live view, redrawn in place; null when the stream is not a terminal (a plain line per change then). */
    private final LiveFrame live;

    private final Terminal.Stream to;
    private final Style style;
    private final Clock clock;
    private final Semaphore wake = new Semaphore(0);
    private final AtomicBoolean stop = new AtomicBoolean();
    private volatile Changes stream;
    private RunView shown;
    private long outageSince;

    private RunFollower(
            Endpoint gateway, Terminal.Stream to, PrintStream out, LiveFrame live, Style style, Clock clock) {
        this.gateway = gateway;
        this.to = to;
        this.out = out;
        this.live = live;
        this.style = style;
        this.clock = clock;
    }

    /** A follower drawing to standard output or standard error, live when that is a terminal. */
    public static RunFollower to(Endpoint gateway, Terminal.Stream stream) {
        PrintStream out = stream == Terminal.Stream.OUT ? System.out : System.err;
        return new RunFollower(
                gateway,
                stream,
                out,
                Terminal.liveFrame(stream, out),
                new Style(Terminal.colour(stream)),
                Clock.systemUTC());
    }

    /** Makes {@link #follow} return soon with what it has (say, on Ctrl-C); safe from any thread. */
    public void stop() {
        stop.set(true);
        wake.release();
    }

    /**
     * Draws the run until it has ended (or {@link #stop} is called once it has been seen); returns the run as last
     * seen (null only when the thread is interrupted before the first).
     */
    public RunView follow(String id) {
        stop.set(false);
        if (live != null) {
            live.begin(); // a new frame, below whatever was written since the last one
        }
        int width = live != null ? Terminal.width(to) : 0;
        RunView run = null;
        String note = null;
        try {
            while (true) {
                long now = System.nanoTime();
                Changes current = stream;
                if (current != null
                        && current.run != null) { // this stream delivers: the gateway is back, if it was away
                    run = current.run;
                    outageSince = 0;
                    note = null;
                }
                // Stopped (Ctrl-C) before the run's first change came, the follower waits for it: the caller acts on
                // the run it returns (cancels it, say), and the gateway answers or fails within the outage's bound.
                if (run != null && (run.state().isFinal() || stop.get())) {
                    draw(run, width, note);
                    return run;
                }
                boolean reopen = current == null || current.ended || now - current.lastChange > QUIET.toNanos();
                if (reopen && (current == null || now - current.openedAt >= TICK.toNanos())) {
                    if (current != null) {
                        current.handle.cancel();
                        note = current.failure == null ? note : outage(current.failure, run, now);
                    }
                    stream = new Changes(id, now);
                }
                if (run != null) {
                    draw(run, width, note);
                }
                wake.tryAcquire(TICK.toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return run;
        } finally {
            if (stream != null) {
                stream.handle.cancel();
                stream = null;
            }
            if (live != null) {
                live.end();
            }
        }
    }

    /** One stream of the run's changes, and the run as its changes have made it so far (null before its first). */
    private final class Changes {
        final Cancellable handle;
        final long openedAt;
        volatile RunView run;
        volatile long lastChange;
        volatile boolean ended;
        volatile RuntimeException failure;

        Changes(String id, long now) {
            this.openedAt = now;
            this.lastChange = now;
            this.handle = gateway.streaming(GatewayApi.class)
                    .changes(id)
                    .subscribe()
                    .with(this::apply, this::failed, this::completed);
        }

        private void apply(RunChange change) {
            run = change.applyTo(run);
            lastChange = System.nanoTime();
            wake.release();
        }

        /**
         * An error answer is the gateway's (a run it does not know, a refusal); anything else (refused, reset, the
         * connection closed by a gateway that died) is the gateway out of reach, which {@link #outage} may wait out.
         */
        private void failed(Throwable failure) {
            if (failure instanceof ApiException answer) {
                this.failure = answer;
            } else if (failure instanceof WebApplicationException answer) {
                this.failure = ApiException.of("the gateway", answer.getResponse());
            } else {
                this.failure = new UnreachableException(gateway, failure);
            }
            completed();
        }

        private void completed() {
            ended = true;
            wake.release();
        }
    }

    /**
     * A gateway that cannot be reached, or is not ready (rebuilding its history after a restart), for a while is
     * waited for: the run goes on without us. Said once in plain lines, on the live view's last line. Past
     * {@link #OUTAGE} the failure is the command's.
     */
    private String outage(RuntimeException failure, RunView run, long now) {
        boolean waitable =
                failure instanceof UnreachableException || failure instanceof ApiException api && api.status() == 503;
        if (!waitable || run == null) { // nothing shown yet: the run cannot be followed at all
            throw failure;
        }
        if (outageSince == 0) {
            outageSince = now;
            if (live == null) {
                out.println("  (" + failure.getMessage() + "; trying again for up to " + Durations.human(OUTAGE) + ")");
            }
        } else if (now - outageSince > OUTAGE.toNanos()) {
            throw failure;
        }
        return "(the gateway has not answered for " + Durations.human(Duration.ofNanos(now - outageSince)) + ": "
                + failure.getMessage() + "; trying again)";
    }

    private void draw(RunView run, int width, String note) {
        if (live != null) {
            List<String> lines = new ArrayList<>(RunLines.live(run, clock.instant(), width - 1, style));
            if (note != null) {
                lines.add(style.yellow(Text.cut(note, width - 1)));
            }
            live.draw(lines);
        } else {
            RunLines.changes(shown, run, style).forEach(out::println);
            out.flush();
        }
        shown = run;
    }
}
