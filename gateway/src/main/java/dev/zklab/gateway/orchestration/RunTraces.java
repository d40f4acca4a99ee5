package dev.zklab.gateway.orchestration;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest trace context of each unfinished run — the span of its request, of the command the gateway last sent,
 * or of the step whose event it last read — so that whatever the gateway sends next for the run (a command, a
 * timeout, a cancellation) continues the run's one trace. Rebuilt from the events' headers when the gateway
 * replays its history. Empty with tracing off.
 */
final class RunTraces {

    private final Map<String, Context> latest = new ConcurrentHashMap<>();

    /** Remembers the context when it holds a span (a record without trace headers changes nothing). */
    void remember(String runId, Context trace) {
        if (Span.fromContext(trace).getSpanContext().isValid()) {
            latest.put(runId, trace);
        }
    }

    /** The run's latest context; {@link Context#root()} when it has none. */
    Context of(String runId) {
        return latest.getOrDefault(runId, Context.root());
    }

    /** The run ended: nothing more is sent for it. */
    void forget(String runId) {
        latest.remove(runId);
    }
}
