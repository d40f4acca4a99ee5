package dev.zklab.deployer.kubernetes;

import dev.zklab.contracts.evidence.PodFacts;
import dev.zklab.deployer.model.EnsembleModel;
import dev.zklab.kubernetes.StatefulSetRollout;
import dev.zklab.support.kubernetes.EnsembleNames;
import dev.zklab.support.kubernetes.Pods;
import dev.zklab.support.wait.Deadline;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The lab's durable-storage exercise on the objects: delete the StatefulSet (its pods go, its PVCs
 * stay), apply it again, wait until it is Ready, and compare each ordinal's PVC before and after.
 */
public final class StatefulSetRecreation {

    /** Each ordinal's claim uid before and after, and whether each new pod mounts its ordinal's claim. */
    public record Result(
            Map<String, String> claimsBefore,
            Map<String, String> claimsAfter,
            boolean sameClaims,
            Map<String, String> podClaims,
            List<PodFacts> pods) {}

    private final KubernetesClient client;

    public StatefulSetRecreation(KubernetesClient client) {
        this.client = client;
    }

    /**
     * An ensemble whose StatefulSet a durability step deleted and never applied again (the step died in
     * between) has its members' claims but no StatefulSet. This applies it again — with as many members
     * as have claims, and the settings its ConfigMap records — and waits until it is Ready: the step is
     * safe to run twice. Empty when the StatefulSet exists or no member has a claim.
     */
    public Optional<EnsembleModel> resumeInterrupted(EnsembleModel spec, Deadline deadline) {
        String ns = spec.namespace();
        StatefulSetRollout rollout = new StatefulSetRollout(client, ns);
        if (rollout.statefulSet() != null) {
            return Optional.empty();
        }
        int members = 0;
        while (client.persistentVolumeClaims()
                        .inNamespace(ns)
                        .withName(EnsembleNames.claimName(members))
                        .get()
                != null) {
            members++;
        }
        if (members == 0) {
            return Optional.empty();
        }
        Map<String, String> settings = DeployedEnsemble.settings(client.configMaps()
                        .inNamespace(ns)
                        .withName(EnsembleNames.CONFIG_MAP)
                        .get())
                .orElse(spec.settings().overrides());
        EnsembleModel model = spec.withReplicas(members).withSettings(settings);
        new EnsembleApplier(client).apply(model);
        rollout.awaitRolledOut(members, deadline);
        return Optional.of(model);
    }

    public Result recreate(EnsembleModel model, Deadline deadline) {
        String ns = model.namespace();
        StatefulSetRollout rollout = new StatefulSetRollout(client, ns);
        Map<String, String> before = claims(ns, model.replicas());
        if (before.size() != model.replicas()) {
            throw new RolloutFailedException("only " + before.keySet() + " of " + model.replicas()
                    + " members have a PVC in " + ns + "; deploy the ensemble before the durability step");
        }
        client.apps()
                .statefulSets()
                .inNamespace(ns)
                .withName(EnsembleNames.STATEFULSET)
                .delete();
        Map<String, String> kept;
        try {
            rollout.awaitGone(deadline);
            kept = claims(ns, model.replicas());
        } catch (RuntimeException e) {
            throw reapplied(model, e.getMessage());
        }
        if (!kept.equals(before)) {
            throw reapplied(
                    model,
                    "deleting the StatefulSet changed the PVCs: before " + before + ", after " + kept
                            + "; check its persistentVolumeClaimRetentionPolicy.whenDeleted (must be Retain)");
        }
        new EnsembleApplier(client).apply(model);
        rollout.awaitRolledOut(model.replicas(), deadline);
        Map<String, String> after = claims(ns, model.replicas());
        Map<String, Pod> pods = rollout.pods();
        Map<String, String> podClaims = new TreeMap<>();
        pods.values()
                .forEach(pod -> pod.getSpec().getVolumes().stream()
                        .filter(v ->
                                EnsembleNames.DATA_VOLUME.equals(v.getName()) && v.getPersistentVolumeClaim() != null)
                        .forEach(v -> podClaims.put(
                                pod.getMetadata().getName(),
                                v.getPersistentVolumeClaim().getClaimName())));
        return new Result(before, after, before.equals(after), podClaims, Pods.facts(pods.values()));
    }

    /**
     * Applies the StatefulSet again after a failure while it was gone (a timeout, a cancelled run, lost
     * claims), so that the ensemble is never left without it; the failure says whether that worked.
     */
    private RolloutFailedException reapplied(EnsembleModel model, String failure) {
        try {
            new EnsembleApplier(client).apply(model);
            return new RolloutFailedException(failure + "; the StatefulSet was applied again");
        } catch (RuntimeException e) {
            return new RolloutFailedException(failure + "; applying the StatefulSet again failed too (" + e.getMessage()
                    + "): run the durability step again, it applies the StatefulSet first");
        }
    }

    /** Claim name to uid of the members' PVCs that exist. */
    Map<String, String> claims(String namespace, int replicas) {
        Map<String, String> claims = new TreeMap<>();
        for (int ordinal = 0; ordinal < replicas; ordinal++) {
            PersistentVolumeClaim claim = client.persistentVolumeClaims()
                    .inNamespace(namespace)
                    .withName(EnsembleNames.claimName(ordinal))
                    .get();
            if (claim != null) {
                claims.put(claim.getMetadata().getName(), claim.getMetadata().getUid());
            }
        }
        return claims;
    }
}
