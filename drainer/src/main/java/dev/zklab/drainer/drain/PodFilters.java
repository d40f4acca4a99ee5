package dev.zklab.drainer.drain;

import dev.zklab.support.kubernetes.Marks;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Which pods of a node a drain evicts: {@code kubectl drain --ignore-daemonsets}'s filters
 * (k8s.io/kubectl pkg/drain/filters.go), in its order — DaemonSet pods skipped, mirror pods skipped,
 * pods with emptyDir only with {@code deleteEmptyDirData}, pods without a controller only with
 * {@code force} — and one of zklab's own before them: a pod that is not of the run's ensemble (another
 * workload's, on a cluster the run did not make) only with {@code evictOthers}, which only an admin may set.
 * A filter that does not let a pod through ends that pod's chain; any error refuses the whole drain before
 * a pod is evicted.
 */
public final class PodFilters {

    /** kubectl's annotation on the API server's copy of a static pod. */
    public static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

    /** What the filters decided for one pod. */
    public enum Decision {
        EVICT,
        SKIP,
        REFUSE
    }

    /** The decision with kubectl's words for it; {@code warning} is set for evictions kubectl warns about. */
    public record Verdict(Pod pod, Decision decision, String message) {

        public String name() {
            return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        }
    }

    /** The start of the warning (and of the refusal) for a pod zklab did not make: the preflight lists each. */
    public static final String NOT_ZKLABS = "a Pod zklab did not make";

    /**
     * The drain's options that change what the filters let through.
     *
     * @param ensembleNamespace the run's ensemble's namespace: zklab's pods there are the run's own
     * @param evictOthers       whether pods that are not the run's may be evicted (a cluster the run made, or an admin's
     *                          {@code evictOthers}); either way each is named in a warning
     */
    public record Options(boolean deleteEmptyDirData, boolean force, String ensembleNamespace, boolean evictOthers) {

        /** Whether the pod is the run's own: zklab's, in the run's ensemble's namespace. */
        public boolean owns(Pod pod) {
            return pod.getMetadata().getNamespace().equals(ensembleNamespace) && Marks.isZklabs(pod);
        }
    }

    private PodFilters() {}

    /**
     * The verdict for each pod, in the pods' order.
     *
     * @param daemonSetExists whether the DaemonSet (namespace, name) exists: a DaemonSet pod whose
     *                        DaemonSet is gone is refused unless {@code force}, as kubectl does
     */
    public static List<Verdict> apply(List<Pod> pods, Options options, BiPredicate<String, String> daemonSetExists) {
        List<Verdict> verdicts = new ArrayList<>();
        for (Pod pod : pods) {
            verdicts.add(verdict(pod, options, daemonSetExists));
        }
        return verdicts;
    }

    /** The refusals of a drain, as kubectl words them ({@code cannot delete ...: ns/pod, ...}); empty when none. */
    public static List<String> refusals(List<Verdict> verdicts) {
        return verdicts.stream()
                .filter(v -> v.decision() == Decision.REFUSE)
                .map(v -> v.message() + ": " + v.name())
                .toList();
    }

    static Verdict verdict(Pod pod, Options options, BiPredicate<String, String> daemonSetExists) {
        String warning = null;
        Optional<OwnerReference> controller = controller(pod);
        // daemonSetFilter
        if (controller.isPresent() && "DaemonSet".equals(controller.get().getKind())) {
            if (!daemonSetExists.test(
                            pod.getMetadata().getNamespace(), controller.get().getName())
                    && !options.force()) {
                return new Verdict(
                        pod,
                        Decision.REFUSE,
                        "cannot delete Pods whose DaemonSet " + controller.get().getName()
                                + " is gone (use force to override)");
            }
            return new Verdict(pod, Decision.SKIP, "ignoring DaemonSet-managed Pods");
        }
        // mirrorPodFilter
        if (pod.getMetadata().getAnnotations() != null
                && pod.getMetadata().getAnnotations().containsKey(MIRROR_ANNOTATION)) {
            return new Verdict(pod, Decision.SKIP, "ignoring mirror Pods (static pods of the kubelet)");
        }
        // zklab's: the run disturbs only its own ensemble unless told otherwise
        if (!options.owns(pod)) {
            String owner = "namespace " + pod.getMetadata().getNamespace() + ", "
                    + controller
                            .map(c -> "owner " + c.getKind() + " " + c.getName())
                            .orElse("no controller");
            if (!options.evictOthers()) {
                return new Verdict(
                        pod,
                        Decision.REFUSE,
                        "cannot evict " + NOT_ZKLABS + " (" + owner + "; an admin may set evictOthers to evict it)");
            }
            warning = "evicting " + NOT_ZKLABS + " (" + owner + ")";
        }
        // localStorageFilter
        if (!finished(pod) && hasEmptyDir(pod)) {
            if (!options.deleteEmptyDirData()) {
                return new Verdict(
                        pod,
                        Decision.REFUSE,
                        "cannot delete Pods with local storage (use deleteEmptyDirData to override)");
            }
            warning = warning == null
                    ? "deleting Pods with local storage"
                    : warning + "; deleting Pods with local storage";
        }
        // unreplicatedFilter
        if (!finished(pod) && controller.isEmpty()) {
            if (!options.force()) {
                return new Verdict(
                        pod, Decision.REFUSE, "cannot delete Pods that declare no controller (use force to override)");
            }
            warning = warning == null
                    ? "deleting Pods that declare no controller"
                    : warning + "; deleting Pods that declare no controller";
        }
        return new Verdict(pod, Decision.EVICT, warning);
    }

    public static Optional<OwnerReference> controller(Pod pod) {
        if (pod.getMetadata().getOwnerReferences() == null) {
            return Optional.empty();
        }
        return pod.getMetadata().getOwnerReferences().stream()
                .filter(o -> Boolean.TRUE.equals(o.getController()))
                .findFirst();
    }

    static boolean finished(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    static boolean hasEmptyDir(Pod pod) {
        return pod.getSpec().getVolumes() != null
                && pod.getSpec().getVolumes().stream().anyMatch(v -> v.getEmptyDir() != null);
    }
}
