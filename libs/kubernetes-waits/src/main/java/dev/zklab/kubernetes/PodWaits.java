package dev.zklab.kubernetes;

import dev.zklab.support.kubernetes.Pods;
import dev.zklab.support.wait.Deadline;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.PodResource;

/** Waits for one pod: Ready, or gone. */
public final class PodWaits {

    private final KubernetesClient client;
    private final String namespace;

    public PodWaits(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** Waits until the pod exists, is not being deleted and is Ready; returns it. */
    public Pod awaitReady(String name, Deadline deadline) {
        return Watched.until(
                deadline,
                name + " in " + namespace + " to be Ready",
                pod(name),
                p -> p != null && p.getMetadata().getDeletionTimestamp() == null && Pods.isReady(p),
                () -> whyNotReady(name));
    }

    /**
     * Waits until the pod with this UID is gone, as {@code kubectl drain} does: a pod of the same name
     * with another UID (a StatefulSet's replacement) counts as gone.
     */
    public void awaitGone(String name, String uid, Deadline deadline) {
        Watched.until(
                deadline,
                name + " (uid " + uid + ") in " + namespace + " to go",
                pod(name),
                p -> p == null || !uid.equals(p.getMetadata().getUid()),
                () -> name + " still exists" + terminating(name) + " (" + Events.latest(client, namespace, name) + ")");
    }

    /** Waits until no pod of this name exists (a member removed for good). */
    public void awaitGone(String name, Deadline deadline) {
        Watched.untilGone(
                deadline,
                name + " in " + namespace + " to go",
                pod(name),
                () -> name + " still exists" + terminating(name) + " (" + Events.latest(client, namespace, name) + ")");
    }

    /** Why the pod is not Ready, with its latest events and where to look, for a timeout's message. */
    public String whyNotReady(String name) {
        Pod pod = pod(name).get();
        if (pod == null) {
            return name + " does not exist (" + Events.latest(client, namespace, name) + ")";
        }
        return name + " is not Ready: " + Pods.whyNotReady(pod) + " (" + Events.latest(client, namespace, name)
                + "); see kubectl describe pod " + name + " -n " + namespace + " and kubectl logs " + name + " -n "
                + namespace;
    }

    private String terminating(String name) {
        Pod pod = pod(name).get();
        return pod != null && pod.getMetadata().getDeletionTimestamp() != null ? " (Terminating)" : "";
    }

    private PodResource pod(String name) {
        return client.pods().inNamespace(namespace).withName(name);
    }
}
