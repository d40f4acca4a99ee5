package dev.zklab.deployer.apply;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** When a step must give up, and whether its run was cancelled: every wait of the deployer honours both. */
public record Deadline(Instant at, BooleanSupplier cancelled) {

    public static Deadline in(Duration duration, BooleanSupplier cancelled) {
        return new Deadline(Instant.now().plus(duration), cancelled);
    }

    public boolean passed() {
        return Instant.now().isAfter(at);
    }

    public Duration remaining() {
        Duration left = Duration.between(Instant.now(), at);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Sleeps a poll interval; throws when the run was cancelled. */
    public void pause(String waitingFor) {
        if (cancelled.getAsBoolean()) {
            throw new StepCancelledException("run cancelled while waiting for " + waitingFor);
        }
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepCancelledException("interrupted while waiting for " + waitingFor);
        }
    }
}
