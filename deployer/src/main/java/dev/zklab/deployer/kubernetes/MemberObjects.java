package dev.zklab.deployer.kubernetes;

import dev.zklab.contracts.ensemble.ImageProfile;
import dev.zklab.deployer.model.EnsembleModel;
import dev.zklab.kubernetes.StatefulSetRollout;
import dev.zklab.kubernetes.Watched;
import dev.zklab.support.kubernetes.EnsembleNames;
import dev.zklab.support.wait.Deadline;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;

/**
 * The Kubernetes half of a single-member scale change (the ZooKeeper half is the reconfiguration in
 * between): grow starts member N with a membership that names it; shrink, after N left the
 * configuration, removes its pod and — by the StatefulSet's {@code whenScaled: Delete} — its PVC.
 */
public final class MemberObjects {

    /** How long taking back a member that could not start may take (also after the step's own deadline). */
    public static final Duration UNDO_TIMEOUT = Duration.ofMinutes(2);

    private final KubernetesClient client;
    private final EnsembleApplier applier;

    public MemberObjects(KubernetesClient client) {
        this.client = client;
        this.applier = new EnsembleApplier(client);
    }

    /**
     * Starts member {@code model.replicas()} (the next ordinal) and waits until it is Ready; returns the
     * grown model. A member that does not become Ready is taken away again (pod, PVC, membership).
     */
    public EnsembleModel addMember(EnsembleModel model, Deadline deadline) {
        EnsembleModel grown = model.withReplicas(model.replicas() + 1);
        if (grown.profile() == ImageProfile.CURRENT) {
            // A member starting without its own membership file takes the ConfigMap's: it must name the newcomer.
            applier.serverSideApply(grown.configMap());
        }
        applier.serverSideApply(grown.statefulSet());
        try {
            new StatefulSetRollout(client, model.namespace()).awaitRolledOut(grown.replicas(), deadline);
        } catch (RuntimeException e) {
            removeMember(grown, Deadline.in(UNDO_TIMEOUT));
            throw new RolloutFailedException(e.getMessage() + "; " + EnsembleNames.podName(model.replicas())
                    + " was taken away again, the ensemble keeps " + model.replicas() + " members");
        }
        return grown;
    }

    /** Removes the highest member's pod and PVC (after it left the configuration); returns the shrunk model. */
    public EnsembleModel removeMember(EnsembleModel model, Deadline deadline) {
        EnsembleModel shrunk = model.withReplicas(model.replicas() - 1);
        int leaving = shrunk.replicas();
        applier.serverSideApply(shrunk.statefulSet());
        StatefulSetRollout rollout = new StatefulSetRollout(client, model.namespace());
        rollout.awaitMemberGone(leaving, deadline);
        String claim = EnsembleNames.claimName(leaving);
        Watched.untilGone(
                deadline,
                "PVC " + claim + " of the removed member to go",
                client.persistentVolumeClaims().inNamespace(model.namespace()).withName(claim),
                () ->
                        "it still exists; the StatefulSet's persistentVolumeClaimRetentionPolicy.whenScaled should be Delete"
                                + " (Kubernetes 1.27+)");
        if (shrunk.profile() == ImageProfile.CURRENT) {
            applier.serverSideApply(shrunk.configMap());
        }
        rollout.awaitRolledOut(shrunk.replicas(), deadline);
        return shrunk;
    }
}
