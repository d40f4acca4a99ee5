package dev.zklab.steps;

import dev.zklab.contracts.run.Step;

/**
 * Does one step. A service offers a step by providing a bean of this type ({@code @Singleton}, needing no client
 * proxy); a step its service owns but has no handler for fails with {@code not implemented yet: <step>}. A step
 * returns its evidence as its record and the runtime publishes it as JSON; its cluster client, ensemble and members
 * come from the {@link StepContext}, which the runtime closes when the step ends.
 *
 * <p>Every step must be safe to run twice: a command is acknowledged only once its outcome is
 * published, so a service that dies in the middle of a step runs it again when it comes back (and
 * a command may be delivered twice anyway). Server-side apply, "already cordoned" and re-checked
 * evictions are the ways to get there.
 */
public interface StepHandler {

    Step step();

    /** Runs one attempt; throws or returns {@link StepResult#failed} when it fails. Must be safe to run twice. */
    StepResult run(StepContext context) throws Exception;
}
