package dev.zklab.support.wait;

import java.util.function.Supplier;

/**
 * What one look at an awaited condition found: done, with a value, or not yet, with why not (kept
 * for the timeout's message; a supplier, so an expensive explanation is only built when it is shown).
 */
public sealed interface Poll<T> {

    record Done<T>(T value) implements Poll<T> {}

    record Pending<T>(Supplier<String> why) implements Poll<T> {}

    static <T> Poll<T> done(T value) {
        return new Done<>(value);
    }

    static <T> Poll<T> pending(String why) {
        return new Pending<>(() -> why);
    }

    static <T> Poll<T> pending(Supplier<String> why) {
        return new Pending<>(why);
    }
}
