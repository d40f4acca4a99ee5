package dev.zklab.drainer.drain;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zklab.kubernetes.Nodes;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Cordons and uncordons nodes so that zklab never leaves one behind: the cordon patch itself sets an
 * annotation naming the run (one write: a node is never cordoned by zklab without saying so), the
 * uncordon patch removes it, and both carry the node's resourceVersion so that a concurrent change is
 * never overwritten. A node that was cordoned before (without zklab's annotation, or by another run) is
 * never touched. A running drill renews {@link #RENEWED_ANNOTATION} on its nodes; a node whose renewal
 * is old belongs to a drill that is no longer running.
 */
public final class Cordons {

    /** The run that cordoned the node. */
    public static final String RUN_ANNOTATION = "zklab.dev/cordoned-by-run";
    /** The action that cordoned it ({@code drain zk-0}): a drill delivered again goes on from there. */
    public static final String ACTION_ANNOTATION = "zklab.dev/cordoned-for";
    /** When the drill holding the node last said it is alive (ISO-8601). */
    public static final String RENEWED_ANNOTATION = "zklab.dev/cordon-renewed";

    private static final int CONFLICT_RETRIES = 5;

    /** What cordoning a node found. */
    public enum Cordon {
        /** It was schedulable; this run cordoned it. */
        CORDONED,
        /** This run had cordoned it already (a step run again). */
        ALREADY_THIS_RUN,
        /** It was cordoned before, by someone else: it stays as it is. */
        CORDONED_BEFORE
    }

    private final KubernetesClient client;

    /** The nodes this process has cordoned and not yet restored, by cluster: what {@code zklab_nodes_cordoned} counts. */
    private static final Set<String> HELD = ConcurrentHashMap.newKeySet();

    /** How many nodes zklab (this drainer) holds cordoned right now, over every cluster. */
    public static int heldNow() {
        return HELD.size();
    }

    public Cordons(KubernetesClient client) {
        this.client = client;
    }

    /** Cordons the node for {@code runId}, saying so on the node in the same write. */
    public Cordon cordon(String node, String runId, String action) {
        return withRetries(node, current -> {
            if (runId.equals(annotation(current, RUN_ANNOTATION))) {
                HELD.add(held(node));
                return Cordon.ALREADY_THIS_RUN;
            }
            if (Nodes.isCordoned(current)) {
                return Cordon.CORDONED_BEFORE;
            }
            patch(
                    node,
                    current,
                    true,
                    Map.of(
                            RUN_ANNOTATION,
                            runId,
                            ACTION_ANNOTATION,
                            action,
                            RENEWED_ANNOTATION,
                            Instant.now().toString()));
            HELD.add(held(node));
            return Cordon.CORDONED;
        });
    }

    /**
     * Makes the node schedulable again and removes zklab's annotations, if {@code runId} cordoned it;
     * returns whether it did. A node someone else cordoned is left as it is.
     */
    public boolean uncordon(String node, String runId) {
        return withRetries(node, current -> {
            if (!runId.equals(annotation(current, RUN_ANNOTATION))) {
                HELD.remove(held(node));
                return false;
            }
            Map<String, String> removed = new java.util.HashMap<>();
            removed.put(RUN_ANNOTATION, null);
            removed.put(ACTION_ANNOTATION, null);
            removed.put(RENEWED_ANNOTATION, null);
            patch(node, current, false, removed);
            HELD.remove(held(node));
            return true;
        });
    }

    /** Says on every node {@code runId} holds that its drill is alive. */
    public void renew(String runId) {
        for (Node node : heldBy(runId)) {
            try {
                withRetries(node.getMetadata().getName(), current -> {
                    if (runId.equals(annotation(current, RUN_ANNOTATION))) {
                        patch(
                                node.getMetadata().getName(),
                                current,
                                null,
                                Map.of(RENEWED_ANNOTATION, Instant.now().toString()));
                    }
                    return null;
                });
            } catch (KubernetesClientException e) {
                // The next renewal tries again; a missed one only makes the node look older.
            }
        }
    }

    /** The nodes cordoned by {@code runId}, by name. */
    public List<Node> heldBy(String runId) {
        return client.nodes().list().getItems().stream()
                .filter(n -> runId.equals(annotation(n, RUN_ANNOTATION)))
                .sorted(java.util.Comparator.comparing(n -> n.getMetadata().getName()))
                .toList();
    }

    /**
     * Makes every node {@code runId} holds cordoned schedulable again and removes zklab's annotations;
     * returns them, by name. Safe to call any number of times.
     */
    public List<String> restoreAll(String runId) {
        return heldBy(runId).stream()
                .map(n -> n.getMetadata().getName())
                .filter(n -> uncordon(n, runId))
                .toList();
    }

    private String held(String node) {
        return client.getMasterUrl() + " " + node;
    }

    public static String annotation(Node node, String key) {
        return node.getMetadata().getAnnotations() == null
                ? null
                : node.getMetadata().getAnnotations().get(key);
    }

    /** When the drill holding the node last renewed it; empty when it never did or the value is unreadable. */
    public static Optional<Instant> renewed(Node node) {
        try {
            return Optional.ofNullable(annotation(node, RENEWED_ANNOTATION)).map(Instant::parse);
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A JSON merge patch with the resourceVersion it was read at: the API server answers 409 if the node changed since. */
    private void patch(String node, Node current, Boolean unschedulable, Map<String, String> annotations) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        ObjectNode metadata = patch.putObject("metadata");
        metadata.put("resourceVersion", current.getMetadata().getResourceVersion());
        ObjectNode values = metadata.putObject("annotations");
        annotations.forEach(values::put);
        if (unschedulable != null) {
            if (unschedulable) {
                patch.putObject("spec").put("unschedulable", true);
            } else {
                patch.putObject("spec").putNull("unschedulable");
            }
        }
        client.nodes().withName(node).patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
    }

    private <T> T withRetries(String node, Function<Node, T> change) {
        for (int attempt = 1; ; attempt++) {
            Node current = client.nodes().withName(node).get();
            if (current == null) {
                throw new IllegalStateException(
                        "node " + node + " does not exist (any more); kubectl get nodes lists the cluster's nodes");
            }
            try {
                return change.apply(current);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= CONFLICT_RETRIES) {
                    throw e;
                }
            }
        }
    }
}
