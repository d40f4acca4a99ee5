package dev.zklab.kubernetes;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The latest events about an object, for failure messages that say where to look. */
public final class Events {

    private Events() {}

    /** The message of the latest event with this reason about the object (e.g. the scheduler's {@code FailedScheduling}). */
    public static Optional<String> latest(KubernetesClient client, String namespace, String name, String reason) {
        return client
                .v1()
                .events()
                .inNamespace(namespace)
                .withField("involvedObject.name", name)
                .list()
                .getItems()
                .stream()
                .filter(e -> reason.equals(e.getReason()))
                .max(Comparator.comparing(Events::when))
                .map(Event::getMessage);
    }

    private static String when(Event e) {
        return Optional.ofNullable(e.getLastTimestamp())
                .orElse(Optional.ofNullable(e.getEventTime())
                        .map(t -> t.getTime())
                        .orElse(""));
    }

    /** The last three events about the object, oldest first, e.g. "FailedScheduling: 0/4 nodes are available: ...". */
    public static String latest(KubernetesClient client, String namespace, String name) {
        List<Event> events = client.v1()
                .events()
                .inNamespace(namespace)
                .withField("involvedObject.name", name)
                .list()
                .getItems();
        if (events.isEmpty()) {
            return "no events";
        }
        return events.stream()
                .sorted(Comparator.comparing(Events::when))
                .skip(Math.max(0, events.size() - 3))
                .map(e -> e.getReason() + ": " + e.getMessage())
                .collect(Collectors.joining(" | "));
    }
}
