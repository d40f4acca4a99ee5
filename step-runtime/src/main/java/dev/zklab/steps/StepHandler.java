package dev.zklab.steps;

import dev.zklab.common.run.Step;

/**
 * Does one step. A service offers a step by providing an {@code @ApplicationScoped} bean of this
 * type; a step its service owns but has no handler for fails with {@code not implemented yet: <step>}.
 *
 * <p>Every step must be safe to run twice: a command is acknowledged only once its outcome is
 * published, so a service that dies in the middle of a step runs it again when it comes back (and
 * a command may be delivered twice anyway). Server-side apply, "already cordoned" and re-checked
 * evictions are the ways to get there.
 */
public interface StepHandler {

    Step step();

    /** Runs one attempt; throws or returns {@link StepResult#failed} when it fails. Must be idempotent. */
    StepResult run(StepContext context) throws Exception;
}
