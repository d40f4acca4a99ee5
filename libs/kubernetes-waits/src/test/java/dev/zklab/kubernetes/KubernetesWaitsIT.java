package dev.zklab.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zklab.localkube.WithLocalKube;
import dev.zklab.support.wait.CancelledException;
import dev.zklab.support.wait.Deadline;
import dev.zklab.support.wait.TimedOutException;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared waits on localkube's real control plane: a pod is gone by UID as kubectl drain sees it
 * (its StatefulSet's replacement of the same name counts as gone), a wait that cannot end says what
 * it saw, cancellation ends a watch, a cordoned node is not schedulable.
 */
@WithLocalKube
class KubernetesWaitsIT {

    /** Not app=zk: localkube-runtime leaves these pods to KWOK, which makes them Running and Ready at once. */
    static final Map<String, String> LABELS = Map.of("app", "waits-test");

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    static KubernetesClient client;
    static String namespace;

    @BeforeAll
    static void statefulSet(KubernetesClient kubernetes) {
        client = kubernetes;
        namespace = "waits-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        client.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(namespace)
                        .endMetadata()
                        .build())
                .create();
        client.resource(new StatefulSetBuilder()
                        .withNewMetadata()
                        .withName("web")
                        .withNamespace(namespace)
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(1)
                        .withServiceName("web")
                        .withNewSelector()
                        .withMatchLabels(LABELS)
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .withLabels(LABELS)
                        .endMetadata()
                        .withNewSpec()
                        .withTerminationGracePeriodSeconds(0L)
                        .addNewContainer()
                        .withName("web")
                        .withImage("registry.k8s.io/pause:3.10")
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
    }

    @AfterAll
    static void deleteNamespace() {
        client.namespaces().withName(namespace).delete();
    }

    @Test
    void aPodRecreatedUnderTheSameNameCountsAsGone() {
        PodWaits pods = new PodWaits(client, namespace);
        Pod first = pods.awaitReady("web-0", Deadline.in(TIMEOUT));

        client.pods().inNamespace(namespace).withName("web-0").delete();
        pods.awaitGone("web-0", first.getMetadata().getUid(), Deadline.in(TIMEOUT));

        Pod second = pods.awaitReady("web-0", Deadline.in(TIMEOUT));
        assertThat(second.getMetadata().getUid())
                .isNotEqualTo(first.getMetadata().getUid());
    }

    @Test
    void aWaitThatCannotEndSaysWhatItAwaitedAndWhatItSaw() {
        Pod pod = new PodWaits(client, namespace).awaitReady("web-0", Deadline.in(TIMEOUT));
        assertThatThrownBy(() -> new PodWaits(client, namespace)
                        .awaitGone("web-0", pod.getMetadata().getUid(), Deadline.in(Duration.ofMillis(500))))
                .isInstanceOf(TimedOutException.class)
                .hasMessageContaining("waiting for web-0 (uid "
                        + pod.getMetadata().getUid() + ") in " + namespace + " to go: web-0 still exists");
        assertThatThrownBy(
                        () -> new PodWaits(client, namespace).awaitReady("web-9", Deadline.in(Duration.ofMillis(500))))
                .isInstanceOf(TimedOutException.class)
                .hasMessageContaining("waiting for web-9 in " + namespace + " to be Ready: web-9 does not exist");
    }

    @Test
    void aCancelledRunEndsAWatch() {
        AtomicBoolean cancelled = new AtomicBoolean();
        new Thread(() -> {
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    cancelled.set(true);
                })
                .start();
        assertThatThrownBy(
                        () -> new PodWaits(client, namespace).awaitReady("web-9", Deadline.in(TIMEOUT, cancelled::get)))
                .isInstanceOf(CancelledException.class)
                .hasMessage("run cancelled while waiting for web-9 in " + namespace + " to be Ready");
    }

    @Test
    void aCordonedNodeIsNotSchedulable() {
        String node = Nodes.schedulable(client).get(0);
        try {
            client.nodes().withName(node).edit(n -> {
                n.getSpec().setUnschedulable(true);
                return n;
            });
            assertThat(Nodes.schedulable(client)).doesNotContain(node).isNotEmpty();
        } finally {
            client.nodes().withName(node).edit(n -> {
                n.getSpec().setUnschedulable(false);
                return n;
            });
        }
        assertThat(Nodes.schedulable(client)).contains(node);
    }
}
