package dev.zklab.support.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class TraceHeadersTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";

    @Test
    void aSpanGoesIntoTheHeadersAsW3cTraceparentAndComesBackAsTheRemoteParent() {
        Context context = Context.root()
                .with(Span.wrap(SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault())));
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", "stale".getBytes(StandardCharsets.UTF_8));
        headers.add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));

        TraceHeaders.inject(context, headers);

        assertThat(headers.headers("traceparent"))
                .singleElement()
                .satisfies(h -> assertThat(new String(h.value(), StandardCharsets.UTF_8))
                        .isEqualTo("00-" + TRACE + "-" + SPAN + "-01"));
        assertThat(headers.lastHeader("content-type")).as("other headers stay").isNotNull();
        SpanContext parent = Span.fromContext(TraceHeaders.extract(headers)).getSpanContext();
        assertThat(parent.getTraceId()).isEqualTo(TRACE);
        assertThat(parent.getSpanId()).isEqualTo(SPAN);
        assertThat(parent.isRemote()).isTrue();
    }

    @Test
    void withTracingOffNothingIsWrittenAndNothingRead() {
        RecordHeaders headers = new RecordHeaders();
        TraceHeaders.inject(Context.root(), headers);

        assertThat(headers.toArray()).isEmpty();
        assertThat(Span.fromContext(TraceHeaders.extract(headers))
                        .getSpanContext()
                        .isValid())
                .isFalse();
        assertThat(Span.fromContext(TraceHeaders.extract(null)).getSpanContext().isValid())
                .isFalse();
    }
}
