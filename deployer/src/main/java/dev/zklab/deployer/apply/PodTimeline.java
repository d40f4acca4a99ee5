package dev.zklab.deployer.apply;

import dev.zklab.common.kubernetes.Pods;
import dev.zklab.common.ensemble.EnsembleNames;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Watches the ensemble's pods and records, in the order the API server reports them, when each pod
 * appears, becomes Ready and goes away: the proof of OrderedReady, finer than the objects'
 * one-second timestamps. Close it when done.
 */
public final class PodTimeline implements AutoCloseable {

    /** One observed transition of a pod. */
    public record Transition(String pod, String what, Instant seen) {
    }

    private final List<Transition> transitions = new ArrayList<>();
    private final Set<String> ready = new HashSet<>();
    private final Set<String> present = new HashSet<>();
    private final Clock clock;
    private final Watch watch;

    public PodTimeline(KubernetesClient client, String namespace, Clock clock) {
        this.clock = clock;
        this.watch = client.pods().inNamespace(namespace).withLabels(EnsembleNames.SELECTOR).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                observe(action, pod);
            }

            @Override
            public void onClose(WatcherException cause) {
                // The timeline simply ends; the step's evidence says what it saw.
            }
        });
    }

    private synchronized void observe(Watcher.Action action, Pod pod) {
        String name = pod.getMetadata().getName();
        Instant now = clock.instant();
        if (action == Watcher.Action.DELETED) {
            present.remove(name);
            ready.remove(name);
            transitions.add(new Transition(name, "deleted", now));
            return;
        }
        if (present.add(name)) {
            transitions.add(new Transition(name, "created", now));
        }
        boolean isReady = Pods.isReady(pod);
        if (isReady && ready.add(name)) {
            transitions.add(new Transition(name, "ready", now));
        } else if (!isReady && ready.remove(name)) {
            transitions.add(new Transition(name, "not-ready", now));
        }
    }

    public synchronized List<Transition> transitions() {
        return List.copyOf(transitions);
    }

    /**
     * Whether every pod after zk-0 appeared only once its predecessor was Ready (what OrderedReady
     * promises); pods already there when the watch began are not judged.
     */
    public synchronized boolean orderedReady() {
        Set<String> readySoFar = new HashSet<>();
        for (Transition t : transitions) {
            if (t.what().equals("ready")) {
                readySoFar.add(t.pod());
            } else if (t.what().equals("deleted")) {
                readySoFar.remove(t.pod());
            } else if (t.what().equals("created")) {
                int ordinal = EnsembleNames.ordinal(t.pod());
                if (ordinal > 0 && !readySoFar.contains(EnsembleNames.podName(ordinal - 1))) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public void close() {
        watch.close();
    }
}
