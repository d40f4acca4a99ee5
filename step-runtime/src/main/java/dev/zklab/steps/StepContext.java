package dev.zklab.steps;

import dev.zklab.common.events.StepRequested;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** What a running step gets: its command, a way to report progress, and whether its run was cancelled. */
public final class StepContext {

    private final StepRequested command;
    private final Consumer<String> progress;
    private final BooleanSupplier cancelled;

    public StepContext(StepRequested command, Consumer<String> progress, BooleanSupplier cancelled) {
        this.command = command;
        this.progress = progress;
        this.cancelled = cancelled;
    }

    public StepRequested command() {
        return command;
    }

    /** Publishes a {@code StepProgress} event. */
    public void progress(String message) {
        progress.accept(message);
    }

    /** True once the run was cancelled: a long step stops at its next safe point. */
    public boolean cancelled() {
        return cancelled.getAsBoolean();
    }
}
