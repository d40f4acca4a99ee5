package dev.zklab.drainer.drain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zklab.support.kubernetes.Marks;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** kubectl drain's filters, in kubectl's order, and zklab's own before them: other workloads' pods. */
class PodFiltersTest {

    /** kubectl's filters alone: the pods (in namespace default, not zklab's) are the run's to evict, as on a cluster it made. */
    static final PodFilters.Options KUBECTL = new PodFilters.Options(true, false, "default", true);

    static final String OTHERS = "evicting a Pod zklab did not make (namespace default, ";

    @Test
    void daemonSetAndMirrorPodsAreSkippedManagedPodsEvictedUnmanagedRefused() {
        List<PodFilters.Verdict> verdicts = PodFilters.apply(
                List.of(
                        pod("agent", "DaemonSet", false),
                        mirror(),
                        pod("web", "ReplicaSet", true),
                        pod("bare", null, false)),
                KUBECTL,
                (ns, name) -> true);

        assertThat(verdicts)
                .extracting(PodFilters.Verdict::decision)
                .containsExactly(
                        PodFilters.Decision.SKIP,
                        PodFilters.Decision.SKIP,
                        PodFilters.Decision.EVICT,
                        PodFilters.Decision.REFUSE);
        assertThat(verdicts.get(2).message())
                .isEqualTo(OTHERS + "owner ReplicaSet web); deleting Pods with local storage");
        assertThat(PodFilters.refusals(verdicts))
                .containsExactly("cannot delete Pods that declare no controller (use force to override): default/bare");
    }

    @Test
    void emptyDirNeedsTheOptionForceLetsUnmanagedPodsGoAndAGoneDaemonSetIsRefused() {
        assertThat(PodFilters.apply(
                                List.of(pod("web", "ReplicaSet", true)),
                                new PodFilters.Options(false, false, "default", true),
                                (ns, n) -> true)
                        .get(0)
                        .message())
                .isEqualTo("cannot delete Pods with local storage (use deleteEmptyDirData to override)");
        PodFilters.Verdict forced = PodFilters.apply(
                        List.of(pod("bare", null, false)),
                        new PodFilters.Options(true, true, "default", true),
                        (ns, n) -> true)
                .get(0);
        assertThat(forced.decision()).isEqualTo(PodFilters.Decision.EVICT);
        assertThat(forced.message()).isEqualTo(OTHERS + "no controller); deleting Pods that declare no controller");
        assertThat(PodFilters.apply(List.of(pod("agent", "DaemonSet", false)), KUBECTL, (ns, n) -> false)
                        .get(0)
                        .decision())
                .isEqualTo(PodFilters.Decision.REFUSE);
    }

    @Test
    void finishedPodsAreEvictedWhateverTheyLack() {
        Pod done = new PodBuilder(pod("job", null, true))
                .editStatus()
                .withPhase("Succeeded")
                .endStatus()
                .build();
        assertThat(PodFilters.apply(
                                List.of(done), new PodFilters.Options(false, false, "default", true), (ns, n) -> true)
                        .get(0)
                        .decision())
                .isEqualTo(PodFilters.Decision.EVICT);
    }

    @Test
    void anotherWorkloadsPodIsRefusedWithItsOwnerUnlessOthersMayBeEvictedAndTheRunsOwnMembersGoAsBefore() {
        PodFilters.Options guarded = new PodFilters.Options(true, false, "zk-lab", false);
        Pod member = new PodBuilder(pod("zk-0", "StatefulSet", false))
                .editMetadata()
                .withNamespace("zk-lab")
                .addToLabels(Marks.MANAGED_BY, Marks.ZKLAB)
                .endMetadata()
                .build();
        Pod otherRunsMember = new PodBuilder(member)
                .editMetadata()
                .withNamespace("zk-other")
                .endMetadata()
                .build();
        List<PodFilters.Verdict> verdicts = PodFilters.apply(
                List.of(member, pod("web", "ReplicaSet", false), otherRunsMember, pod("agent", "DaemonSet", false)),
                guarded,
                (ns, n) -> true);

        assertThat(verdicts)
                .extracting(PodFilters.Verdict::decision)
                .containsExactly(
                        PodFilters.Decision.EVICT,
                        PodFilters.Decision.REFUSE,
                        PodFilters.Decision.REFUSE,
                        PodFilters.Decision.SKIP);
        assertThat(verdicts.get(0).message()).isNull();
        assertThat(PodFilters.refusals(verdicts))
                .containsExactly(
                        "cannot evict a Pod zklab did not make (namespace default, owner ReplicaSet web; an admin may set evictOthers"
                                + " to evict it): default/web",
                        "cannot evict a Pod zklab did not make (namespace zk-other, owner StatefulSet zk-0; an admin may set evictOthers"
                                + " to evict it): zk-other/zk-0");
        PodFilters.Options allowed = new PodFilters.Options(true, false, "zk-lab", true);
        assertThat(PodFilters.apply(List.of(pod("web", "ReplicaSet", false)), allowed, (ns, n) -> true)
                        .get(0))
                .satisfies(v -> {
                    assertThat(v.decision()).isEqualTo(PodFilters.Decision.EVICT);
                    assertThat(v.message()).isEqualTo(OTHERS + "owner ReplicaSet web)");
                });
    }

    static Pod pod(String name, String controller, boolean emptyDir) {
        PodBuilder pod = new PodBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("c")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .endStatus();
        if (controller != null) {
            pod.editMetadata()
                    .addNewOwnerReference()
                    .withKind(controller)
                    .withName(name)
                    .withController(true)
                    .endOwnerReference()
                    .endMetadata();
        }
        if (emptyDir) {
            pod.editSpec()
                    .addNewVolume()
                    .withName("scratch")
                    .withNewEmptyDir()
                    .endEmptyDir()
                    .endVolume()
                    .endSpec();
        }
        return pod.build();
    }

    static Pod mirror() {
        return new PodBuilder(pod("etcd", null, false))
                .editMetadata()
                .addToAnnotations(PodFilters.MIRROR_ANNOTATION, "x")
                .endMetadata()
                .build();
    }
}
