package dev.zklab.support.tracing;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The names of zklab's spans and their attributes, in one place: the gateway's span of a run and of each
 * command it sends, a step service's span of each step it runs. Every span of a run carries its id.
 */
public final class RunSpans {

    /** The instrumentation scope of every zklab span. */
    public static final String TRACER = "dev.zklab";

    public static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("zklab.run.id");
    public static final AttributeKey<String> STEP_ID = AttributeKey.stringKey("zklab.step.id");
    public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("zklab.step.attempt");
    public static final AttributeKey<String> SERVICE = AttributeKey.stringKey("zklab.service");

    private RunSpans() {}

    /** The gateway's span of a run, from its request to the run's first command. */
    public static String run() {
        return "zklab run";
    }

    /** The gateway's span of one command it sends, e.g. {@code command 03-deploy}. */
    public static String command(String stepId) {
        return "command " + stepId;
    }

    /** A step service's span of one attempt of a step, e.g. {@code step 03-deploy}. */
    public static String step(String stepId) {
        return "step " + stepId;
    }
}
