package dev.zklab.cli.watch;

import dev.zklab.cli.client.ApiException;
import dev.zklab.cli.client.Endpoint;
import dev.zklab.cli.client.GatewayApi;
import dev.zklab.cli.client.UnreachableException;
import dev.zklab.cli.output.Style;
import dev.zklab.cli.output.Terminal;
import dev.zklab.cli.output.Text;
import dev.zklab.common.api.RunView;
import dev.zklab.common.text.Durations;
import io.smallrye.mutiny.subscription.Cancellable;
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
 * second; elsewhere, a plain line for each change. The run's Server-Sent Events say when to look again; the
 * run itself is read from the API, so what is drawn is the gateway's own view (and nothing is missed when the
 * stream drops: then the run is read every second).
 */
public final class RunFollower {

    private static final Duration TICK = Duration.ofSeconds(1);
    /** Even while events stream, the run is read this often, in case the stream stalls. */
    private static final Duration SAFETY_READ = Duration.ofSeconds(5);
    private static final String ESC = "\u001b[";
    /** How long a gateway may be away (restarting, say) before following fails. */
    private static final Duration OUTAGE = Duration.ofMinutes(2);

    private final Endpoint gateway;
    private final GatewayApi api;
    private final PrintStream out;
    private final boolean live;
    private final Style style;
    private final Clock clock;
    private final Semaphore wake = new Semaphore(0);
    private final AtomicBoolean changed = new AtomicBoolean(true);
    private final AtomicBoolean streamEnded = new AtomicBoolean();
    private final AtomicBoolean stop = new AtomicBoolean();
    private RunView shown;
    private int drawn;
    private long outageSince;

    private RunFollower(Endpoint gateway, PrintStream out, boolean live, Style style, Clock clock) {
        this.gateway = gateway;
        this.api = gateway.client(GatewayApi.class);
        this.out = out;
        this.live = live;
        this.style = style;
        this.clock = clock;
    }

    /** A follower drawing to standard output or standard error, live when that is a terminal. */
    public static RunFollower to(Endpoint gateway, Terminal.Stream stream) {
        return new RunFollower(gateway, stream == Terminal.Stream.OUT ? System.out : System.err, Terminal.isTerminal(stream),
                new Style(Terminal.colour(stream)), Clock.systemUTC());
    }

    /** Makes {@link #follow} return soon with what it has (say, on Ctrl-C); safe from any thread. */
    public void stop() {
        stop.set(true);
        wake.release();
    }

    /** Draws the run until it has ended (or {@link #stop} is called); returns the run as last read. */
    public RunView follow(String id) {
        stop.set(false);
        changed.set(true);
        drawn = 0; // a new frame, below whatever was written since the last one
        streamEnded.set(false);
        Cancellable events = gateway.streaming(GatewayApi.class).events(id).subscribe().with(
                update -> signal(), failure -> ended(), this::ended);
        if (live) {
            out.print(ESC + "?25l");
        }
        int width = live ? Terminal.width() : 0;
        long lastRead = 0;
        try {
            RunView run = shown;
            while (true) {
                long now = System.nanoTime();
                boolean read = changed.getAndSet(false) || run == null || now - lastRead >= SAFETY_READ.toNanos()
                        || streamEnded.get() && now - lastRead >= TICK.toNanos();
                String note = null;
                if (read) {
                    try {
                        run = api.get(id);
                        outageSince = 0;
                    } catch (UnreachableException | ApiException e) {
                        note = outage(e, run, now);
                    }
                    lastRead = now;
                }
                draw(run, width, note);
                if (run.state().isFinal() || stop.get()) {
                    return run;
                }
                wake.tryAcquire(TICK.toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return shown;
        } finally {
            events.cancel();
            if (live) {
                out.print(ESC + "?25h");
                out.flush();
            }
        }
    }

    /**
     * A gateway that cannot be reached, or is not ready (rebuilding its history after a restart), for a while is
     * waited for: the run goes on without us. Said once in plain lines, on the live view's last line. Past
     * {@link #OUTAGE} the failure is the command's.
     */
    private String outage(RuntimeException failure, RunView run, long now) {
        boolean waitable = failure instanceof UnreachableException
                || failure instanceof ApiException api && api.status() == 503;
        if (!waitable || run == null) { // nothing shown yet: the run cannot be followed at all
            throw failure;
        }
        if (outageSince == 0) {
            outageSince = now;
            if (!live) {
                out.println("  (" + failure.getMessage() + "; trying again for up to " + Durations.human(OUTAGE) + ")");
            }
        } else if (now - outageSince > OUTAGE.toNanos()) {
            throw failure;
        }
        return "(the gateway has not answered for " + Durations.human(Duration.ofNanos(now - outageSince)) + ": "
                + failure.getMessage() + "; trying again)";
    }

    private void signal() {
        changed.set(true);
        wake.release();
    }

    private void ended() {
        streamEnded.set(true);
        signal();
    }

    private void draw(RunView run, int width, String note) {
        if (live) {
            List<String> lines = new ArrayList<>(RunLines.live(run, clock.instant(), width - 1, style));
            if (note != null) {
                lines.add(style.yellow(Text.cut(note, width - 1)));
            }
            StringBuilder frame = new StringBuilder();
            if (drawn > 0) {
                frame.append(ESC).append(drawn).append('A');
            }
            for (String line : lines) {
                frame.append('\r').append(ESC).append("2K").append(line).append('\n');
            }
            frame.append(ESC).append('J');
            out.print(frame);
            drawn = lines.size();
        } else {
            RunLines.changes(shown, run, style).forEach(out::println);
        }
        out.flush();
        shown = run;
    }
}
