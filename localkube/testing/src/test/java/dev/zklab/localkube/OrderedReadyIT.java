package dev.zklab.localkube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Proof that the real StatefulSet controller runs: OrderedReady creates zk-0, zk-1, zk-2 strictly in
 * order, each only after its predecessor is Ready. The order is read from one watch stream, which
 * the API server delivers in etcd revision order, so it does not depend on timestamp resolution.
 */
@WithLocalKube
class OrderedReadyIT {

    private record Seen(Watcher.Action action, String pod, boolean ready) {}

    @Test
    void createsEachMemberOnlyAfterItsPredecessorIsReady(KubernetesClient client) {
        try (TestNamespace ns = TestNamespace.create(client, "ordered")) {
            List<Seen> seen = new CopyOnWriteArrayList<>();
            try (Watch watch = client.pods().inNamespace(ns.name()).watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, Pod pod) {
                    seen.add(new Seen(action, pod.getMetadata().getName(), Pods.isReady(pod)));
                }

                @Override
                public void onClose(WatcherException cause) {}
            })) {
                client.apps()
                        .statefulSets()
                        .resource(TestObjects.zk(ns.name(), 3, false))
                        .create();
                await().atMost(Duration.ofSeconds(90))
                        .until(() -> seen.stream()
                                        .filter(Seen::ready)
                                        .map(Seen::pod)
                                        .distinct()
                                        .count()
                                == 3);
            }

            for (int i = 1; i < 3; i++) {
                String pod = "zk-" + i;
                String predecessor = "zk-" + (i - 1);
                int firstSeen = indexOf(seen, pod, false);
                int predecessorReady = indexOf(seen, predecessor, true);
                assertThat(predecessorReady).as("%s became Ready", predecessor).isGreaterThanOrEqualTo(0);
                assertThat(firstSeen)
                        .as("%s was created after %s was Ready; events: %s", pod, predecessor, seen)
                        .isGreaterThan(predecessorReady);
                assertThat(seen.get(firstSeen).action()).isEqualTo(Watcher.Action.ADDED);
            }
        }
    }

    /** Index of the first event of {@code pod} (that shows it Ready, if {@code ready}). */
    private static int indexOf(List<Seen> seen, String pod, boolean ready) {
        for (int i = 0; i < seen.size(); i++) {
            if (seen.get(i).pod().equals(pod) && (!ready || seen.get(i).ready())) {
                return i;
            }
        }
        return -1;
    }
}
