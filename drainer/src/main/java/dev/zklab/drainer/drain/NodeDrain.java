package dev.zklab.drainer.drain;

import dev.zklab.contracts.evidence.DrainEvidence.Eviction;
import dev.zklab.contracts.evidence.DrainEvidence.Refusal;
import dev.zklab.kubernetes.PodWaits;
import dev.zklab.support.wait.Deadline;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Drains one node with the semantics of {@code kubectl drain --ignore-daemonsets --delete-emptydir-data}
 * (k8s.io/kubectl pkg/drain): cordon, the node's pods by field selector, kubectl's filters
 * ({@link PodFilters}), every pod evicted at once through the Eviction API, a 429 retried every
 * {@link #RETRY} (kubectl's {@code EvictErrorRetryDelay}), and each evicted pod awaited until it is
 * gone by UID. Unlike kubectl, every refusal is kept with the budget's cause, and a pod still refused
 * after {@code blockedWait} is reported as blocked (or, with {@code force}, deleted — recorded as such).
 * Cordoning is the caller's ({@link Cordons}), so that it is undone whatever happens here.
 */
public final class NodeDrain {

    /** kubectl's EvictErrorRetryDelay. */
    public static final Duration RETRY = Duration.ofSeconds(5);

    /** How one pod fared. */
    public sealed interface PodResult {
        String pod();
    }

    public record Skipped(String pod, String why) implements PodResult {}

    /** @param controller the kind of its controller (StatefulSet, ReplicaSet, ...); null when it has none */
    public record Evicted(String namespace, String pod, String controller, Eviction eviction) implements PodResult {}

    /** Still refused when the drain stopped waiting. */
    public record Blocked(String pod, String cause) implements PodResult {}

    /**
     * @param refusals every 429 of the drain, in order
     */
    public record Result(String node, List<PodResult> pods, List<Refusal> refusals) {

        public boolean blocked() {
            return pods.stream().anyMatch(p -> p instanceof Blocked);
        }
    }

    private final KubernetesClient client;
    private final EvictionApi evictions;
    private final DrainListener listener;

    public NodeDrain(KubernetesClient client, DrainListener listener) {
        this.client = client;
        this.evictions = new EvictionApi(client);
        this.listener = listener;
    }

    /** The node's pods, as kubectl lists them (every namespace, field selector on the node's name). */
    public List<Pod> podsOn(String node) {
        return client.pods().inAnyNamespace().withField("spec.nodeName", node).list().getItems().stream()
                .sorted(Comparator.comparing((Pod p) -> p.getMetadata().getNamespace())
                        .thenComparing(p -> p.getMetadata().getName()))
                .toList();
    }

    /**
     * Evicts the node's pods (the node must be cordoned already). Throws {@link DrainRefusedException}
     * before evicting anything when kubectl's filters refuse a pod.
     *
     * @param blockedWait how long to retry evictions a budget refuses
     * @param deadline    the step's: waits for pods to go end there
     */
    public Result drain(String node, PodFilters.Options options, Duration blockedWait, Deadline deadline) {
        List<PodFilters.Verdict> verdicts = PodFilters.apply(
                podsOn(node),
                options,
                (ns, name) -> client.apps()
                                .daemonSets()
                                .inNamespace(ns)
                                .withName(name)
                                .get()
                        != null);
        List<String> refusals = PodFilters.refusals(verdicts);
        if (!refusals.isEmpty()) {
            throw new DrainRefusedException("cannot drain " + node + ": " + String.join("; ", refusals));
        }
        List<Refusal> refused = java.util.Collections.synchronizedList(new ArrayList<>());
        Map<String, PodResult> results = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> running = new ArrayList<>();
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "drain-" + node);
            t.setDaemon(true);
            return t;
        });
        try {
            for (PodFilters.Verdict verdict : verdicts) {
                String name = verdict.pod().getMetadata().getName();
                if (verdict.decision() == PodFilters.Decision.SKIP) {
                    results.put(verdict.name(), new Skipped(name, verdict.message()));
                    continue;
                }
                Deadline blocked = deadline.within(blockedWait);
                running.add(CompletableFuture.runAsync(
                        () -> results.put(
                                verdict.name(), evict(verdict.pod(), options.force(), blocked, deadline, refused)),
                        pool));
            }
            try {
                CompletableFuture.allOf(running.toArray(CompletableFuture[]::new))
                        .join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw e;
            }
        } finally {
            pool.shutdownNow();
        }
        List<PodResult> ordered =
                verdicts.stream().map(v -> results.get(v.name())).toList();
        List<Refusal> inOrder = new ArrayList<>(refused);
        inOrder.sort(Comparator.comparing(Refusal::at));
        return new Result(node, ordered, inOrder);
    }

    private PodResult evict(Pod pod, boolean force, Deadline blocked, Deadline deadline, List<Refusal> refused) {
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        String uid = pod.getMetadata().getUid();
        while (true) {
            deadline.checkCancelled("evicting " + namespace + "/" + name);
            EvictionApi.Answer answer = evictions.evict(namespace, name, uid);
            Instant at = Instant.now();
            if (answer instanceof EvictionApi.Refused r) {
                Refusal refusal = new Refusal(at, name, r.budget(), r.cause());
                refused.add(refusal);
                listener.refused(refusal);
                if (blocked.passed()) {
                    if (!force) {
                        return new Blocked(name, r.cause());
                    }
                    // Loudly: the request said force, so the pod goes past its budget.
                    client.pods().inNamespace(namespace).withName(name).delete();
                    return gone(pod, at, true, deadline);
                }
                // The retry after the wait's end is the last: its refusal is what blocks the pod now.
                blocked.sleep(RETRY, "retrying the eviction of " + namespace + "/" + name);
                continue;
            }
            if (answer instanceof EvictionApi.Gone) {
                Eviction eviction = new Eviction(name, uid, at, at, false);
                listener.evicted(eviction);
                return evicted(pod, eviction);
            }
            return gone(pod, at, false, deadline);
        }
    }

    private PodResult gone(Pod pod, Instant evicted, boolean forced, Deadline deadline) {
        String name = pod.getMetadata().getName();
        // Most pods are gone by the first look (kubectl's wait also looks at once); only the others get a watch.
        Pod now = client.pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .withName(name)
                .get();
        if (now != null && now.getMetadata().getUid().equals(pod.getMetadata().getUid())) {
            new PodWaits(client, pod.getMetadata().getNamespace())
                    .awaitGone(name, pod.getMetadata().getUid(), deadline);
        }
        Eviction eviction = new Eviction(name, pod.getMetadata().getUid(), evicted, Instant.now(), forced);
        listener.evicted(eviction);
        return evicted(pod, eviction);
    }

    private static Evicted evicted(Pod pod, Eviction eviction) {
        return new Evicted(
                pod.getMetadata().getNamespace(),
                pod.getMetadata().getName(),
                PodFilters.controller(pod).map(o -> o.getKind()).orElse(null),
                eviction);
    }
}
