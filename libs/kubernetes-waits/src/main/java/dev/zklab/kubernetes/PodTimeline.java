package dev.zklab.kubernetes;

import dev.zklab.contracts.evidence.PodTransition;
import dev.zklab.support.kubernetes.EnsembleNames;
import dev.zklab.support.kubernetes.Pods;
import dev.zklab.support.kubernetes.StartOrder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Watches the ensemble's pods (through an informer, which re-lists when its watch breaks) and records,
 * in the order the API server reports them, when each pod appears, becomes Ready, stops being Ready
 * and goes away: the proof of OrderedReady, finer than the objects' one-second timestamps, and the
 * drill's picture of each member. Pods already there when it starts are recorded as present, not
 * created. Close it when done.
 */
public final class PodTimeline implements AutoCloseable {

    private final List<PodTransition> transitions = new ArrayList<>();
    private final Set<String> ready = new HashSet<>();
    private final Set<String> present = new HashSet<>();
    private final Clock clock;
    private final Instant started;
    private final SharedIndexInformer<Pod> informer;

    public PodTimeline(KubernetesClient client, String namespace, Clock clock) {
        this.clock = clock;
        this.started = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        this.informer = client.pods()
                .inNamespace(namespace)
                .withLabels(EnsembleNames.SELECTOR)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Pod pod) {
                        observe(pod, false);
                    }

                    @Override
                    public void onUpdate(Pod before, Pod pod) {
                        observe(pod, false);
                    }

                    @Override
                    public void onDelete(Pod pod, boolean finalStateUnknown) {
                        observe(pod, true);
                    }
                });
    }

    private synchronized void observe(Pod pod, boolean deleted) {
        String name = pod.getMetadata().getName();
        if (deleted) {
            present.remove(name);
            ready.remove(name);
            transitions.add(new PodTransition(name, PodTransition.DELETED, clock.instant()));
            return;
        }
        if (present.add(name)) {
            // The informer first reports the pods that are already there, in no particular order: those are
            // not creations to judge. Timestamps have whole seconds; one of the start's own second counts as new.
            boolean before = pod.getMetadata().getCreationTimestamp() != null
                    && Instant.parse(pod.getMetadata().getCreationTimestamp()).isBefore(started);
            transitions.add(
                    new PodTransition(name, before ? PodTransition.PRESENT : PodTransition.CREATED, clock.instant()));
        }
        boolean isReady = Pods.isReady(pod);
        if (isReady && ready.add(name)) {
            transitions.add(new PodTransition(name, PodTransition.READY, clock.instant()));
        } else if (!isReady && ready.remove(name)) {
            transitions.add(new PodTransition(name, PodTransition.NOT_READY, clock.instant()));
        }
    }

    public synchronized List<PodTransition> transitions() {
        return List.copyOf(transitions);
    }

    /**
     * Whether every pod after zk-0 appeared only once its predecessor was Ready (what OrderedReady
     * promises); pods already there when the watch began are not judged.
     */
    public boolean orderedReady() {
        return StartOrder.ofTimeline(transitions()).violations().isEmpty();
    }

    @Override
    public void close() {
        informer.close();
    }
}
