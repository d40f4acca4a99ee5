package dev.zklab.support.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Whose the ensemble in a namespace is, checked before a step changes anything of it: an object zklab did not
 * make (a StatefulSet {@code zk} of someone's, a claim {@code datadir-zk-0}, a pod labelled {@code app=zk}) refuses
 * the step, and so does one another run made — unless the spec takes over an ended run's ensemble, whose objects
 * are then relabelled as this run's, so that its teardown removes them. Pods and claims carry zklab's mark but no
 * run: they belong to whichever run owns the StatefulSet.
 */
public final class EnsembleOwnership {

    /** What a namespace holds of an ensemble: the namespace (null when missing) and each object a run makes or changes there. */
    public record Found(Namespace namespace, List<HasMetadata> objects) {}

    private EnsembleOwnership() {}

    /** The ensemble's objects that exist in {@code namespace}. */
    public static Found read(KubernetesClient client, String namespace) {
        Namespace ns = client.namespaces().withName(namespace).get();
        if (ns == null) {
            return new Found(null, List.of());
        }
        List<HasMetadata> objects = new ArrayList<>();
        Stream.of(
                        client.apps()
                                .statefulSets()
                                .inNamespace(namespace)
                                .withName(EnsembleNames.STATEFULSET)
                                .get(),
                        client.configMaps()
                                .inNamespace(namespace)
                                .withName(EnsembleNames.CONFIG_MAP)
                                .get(),
                        client.secrets()
                                .inNamespace(namespace)
                                .withName(EnsembleNames.ADMIN_SECRET)
                                .get(),
                        client.services()
                                .inNamespace(namespace)
                                .withName(EnsembleNames.HEADLESS_SERVICE)
                                .get(),
                        client.services()
                                .inNamespace(namespace)
                                .withName(EnsembleNames.CLIENT_SERVICE)
                                .get(),
                        client.policy()
                                .v1()
                                .podDisruptionBudget()
                                .inNamespace(namespace)
                                .withName(EnsembleNames.PDB)
                                .get())
                .filter(Objects::nonNull)
                .forEach(objects::add);
        client.persistentVolumeClaims().inNamespace(namespace).list().getItems().stream()
                .filter(c -> c.getMetadata()
                        .getName()
                        .startsWith(EnsembleNames.DATA_VOLUME + "-" + EnsembleNames.STATEFULSET + "-"))
                .forEach(objects::add);
        objects.addAll(client.pods()
                .inNamespace(namespace)
                .withLabels(EnsembleNames.SELECTOR)
                .list()
                .getItems());
        return new Found(ns, objects);
    }

    /** Why the run may not change the ensemble, one sentence an object, each with what to do; empty when it may. */
    public static List<String> problems(Found found, String runId, boolean takeOver) {
        List<String> problems = new ArrayList<>();
        for (HasMetadata object : found.objects()) {
            if (!Marks.isZklabs(object)) {
                List<String> managers = Marks.managers(object);
                problems.add(Marks.describe(object) + " exists and was not made by zklab"
                        + (managers.isEmpty() ? "" : " (field manager: " + String.join(", ", managers) + ")")
                        + "; choose another ensemble.namespace");
            } else if (carriesRun(object) && !Marks.ownedBy(object, runId) && !takeOver) {
                problems.add(Marks.describe(object) + " belongs to "
                        + Marks.run(object)
                                .map(r -> "zklab run " + r)
                                .orElse("an ensemble of zklab's that names no run")
                        + "; set ensemble.takeOver to take over an ended"
                        + " run's ensemble, or choose another ensemble.namespace");
            }
        }
        return problems;
    }

    /** What a take-over relabels: the ensemble's zklab objects of another run, and the namespace if an ended run of zklab's made it. */
    public static List<HasMetadata> toTakeOver(Found found, String runId) {
        List<HasMetadata> taken = new ArrayList<>();
        if (found.namespace() != null
                && Marks.isZklabs(found.namespace())
                && !Marks.ownedBy(found.namespace(), runId)) {
            taken.add(found.namespace());
        }
        found.objects().stream()
                .filter(o -> Marks.isZklabs(o) && carriesRun(o) && !Marks.ownedBy(o, runId))
                .forEach(taken::add);
        return taken;
    }

    /**
     * Refuses an ensemble the run may not act on ({@link EnsembleNotOursException} naming every object and what to do),
     * changing nothing: for steps that change no Kubernetes object of the ensemble (verify, the drill).
     */
    public static void check(KubernetesClient client, String namespace, String runId, boolean takeOver) {
        List<String> problems = problems(read(client, namespace), runId, takeOver);
        if (!problems.isEmpty()) {
            throw new EnsembleNotOursException(problems);
        }
    }

    /**
     * Refuses, before anything is changed, an ensemble the run may not change ({@link EnsembleNotOursException} naming
     * every object and what to do); with {@code takeOver}, relabels an ended run's ensemble as this run's. Returns what
     * it took over, as messages name them.
     */
    public static List<String> secure(KubernetesClient client, String namespace, String runId, boolean takeOver) {
        Found found = read(client, namespace);
        List<String> problems = problems(found, runId, takeOver);
        if (!problems.isEmpty()) {
            throw new EnsembleNotOursException(problems);
        }
        List<String> taken = new ArrayList<>();
        String patch = "{\"metadata\":{\"labels\":{\"" + Marks.RUN + "\":\"" + runId + "\"}}}";
        for (HasMetadata object : toTakeOver(found, runId)) {
            client.resource(object).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            taken.add(Marks.describe(object) + " ("
                    + Marks.run(object).map(r -> "run " + r).orElse("no run") + ")");
        }
        return taken;
    }

    /** Pods and claims are made by the StatefulSet's controller from templates every run shares: they name no run. */
    private static boolean carriesRun(HasMetadata object) {
        return !(object.getKind().equals("Pod") || object.getKind().equals("PersistentVolumeClaim"));
    }
}
