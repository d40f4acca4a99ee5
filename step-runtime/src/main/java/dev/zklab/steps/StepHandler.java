package dev.zklab.steps;

import dev.zklab.common.run.Step;

/**
 * Does one step. A service offers a step by providing an {@code @ApplicationScoped} bean of this
 * type; a step its service owns but has no handler for fails with {@code not implemented yet: <step>}.
 */
public interface StepHandler {

    Step step();

    /** Runs one attempt; throws or returns {@link StepResult#failed} when it fails. Must be idempotent. */
    StepResult run(StepContext context) throws Exception;
}
