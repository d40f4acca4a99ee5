package dev.zklab.kubernetes;

import dev.zklab.support.wait.Deadline;
import dev.zklab.support.wait.Poll;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for objects to reach a state under zklab's one {@link Deadline}: through a Fabric8 informer (a
 * list, then a watch that is re-established when it breaks), so a change is seen as it happens, and
 * with a look of its own every {@link #RECHECK}, so a watch that falls behind (a reconnect's back-off)
 * never holds a step — a deploy once waited six minutes for a rollout that had long finished. The run's
 * cancellation and the step's timeout end every wait.
 */
public final class Watched {

    /** How often the object is read directly, whatever the watch says. */
    static final Duration RECHECK = Duration.ofSeconds(2);
    /** How often the watch's verdict is looked at (no I/O). */
    private static final Duration POLL = Duration.ofMillis(100);

    private Watched() {}

    /**
     * Waits until the named object satisfies {@code condition}, which sees null while the object does
     * not exist; returns the object as it then was (or null).
     *
     * @param whyNot what holds the condition up, asked only when the wait times out
     */
    public static <T extends HasMetadata> T until(
            Deadline deadline, String awaited, Resource<T> object, Predicate<T> condition, Supplier<String> whyNot) {
        return first(await(
                deadline,
                awaited,
                object,
                list -> condition.test(first(list)),
                () -> {
                    T now = object.get();
                    return now == null ? List.of() : List.of(now);
                },
                whyNot));
    }

    /** Waits until the objects a list operation selects satisfy {@code condition}; returns them. */
    public static <T extends HasMetadata, L extends KubernetesResourceList<T>> List<T> untilAll(
            Deadline deadline,
            String awaited,
            FilterWatchListDeletable<T, L, ?> objects,
            Predicate<List<T>> condition,
            Supplier<String> whyNot) {
        return await(deadline, awaited, objects, condition, () -> objects.list().getItems(), whyNot);
    }

    /** Waits until the named object does not exist. */
    public static <T extends HasMetadata> void untilGone(
            Deadline deadline, String awaited, Resource<T> object, Supplier<String> whyNot) {
        until(deadline, awaited, object, o -> o == null, whyNot);
    }

    private static <T extends HasMetadata> List<T> await(
            Deadline deadline,
            String awaited,
            Informable<T> informable,
            Predicate<List<T>> condition,
            Supplier<List<T>> read,
            Supplier<String> whyNot) {
        CompletableFuture<List<T>> watched = informable.informOnCondition(condition);
        Instant[] lastRead = {Instant.EPOCH};
        try {
            return deadline.until(awaited, POLL, () -> {
                if (watched.isDone() && !watched.isCompletedExceptionally() && !watched.isCancelled()) {
                    return Poll.done(watched.join());
                }
                if (Instant.now().isAfter(lastRead[0].plus(RECHECK))) {
                    lastRead[0] = Instant.now();
                    List<T> now = read.get();
                    if (condition.test(now)) {
                        return Poll.done(now);
                    }
                }
                return Poll.pending(whyNot);
            });
        } finally {
            watched.cancel(true);
        }
    }

    private static <T> T first(List<T> list) {
        return list == null || list.isEmpty() ? null : list.get(0);
    }
}
