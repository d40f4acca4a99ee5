package dev.zklab.kubernetes;

import dev.zklab.common.wait.Deadline;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for objects to reach a state through Fabric8's informers (a list, then a watch that is
 * re-established when it breaks), under zklab's one {@link Deadline}: no polling of the API server,
 * and the run's cancellation and the step's timeout end every wait.
 */
public final class Watched {

    private Watched() {
    }

    /**
     * Waits until the named object satisfies {@code condition}, which sees null while the object does
     * not exist; returns the object as it then was (or null).
     *
     * @param whyNot what holds the condition up, asked only when the wait times out
     */
    public static <T extends HasMetadata> T until(Deadline deadline, String awaited, Resource<T> object,
            Predicate<T> condition, Supplier<String> whyNot) {
        List<T> seen = deadline.untilDone(awaited, object.informOnCondition(list -> condition.test(first(list))), whyNot);
        return first(seen);
    }

    /** Waits until the objects a list operation selects satisfy {@code condition}; returns them. */
    public static <T extends HasMetadata> List<T> untilAll(Deadline deadline, String awaited, Informable<T> objects,
            Predicate<List<T>> condition, Supplier<String> whyNot) {
        return deadline.untilDone(awaited, objects.informOnCondition(condition), whyNot);
    }

    /** Waits until the named object does not exist. */
    public static <T extends HasMetadata> void untilGone(Deadline deadline, String awaited, Resource<T> object,
            Supplier<String> whyNot) {
        until(deadline, awaited, object, o -> o == null, whyNot);
    }

    private static <T> T first(List<T> list) {
        return list == null || list.isEmpty() ? null : list.get(0);
    }
}
