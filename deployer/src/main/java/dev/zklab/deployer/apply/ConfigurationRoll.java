package dev.zklab.deployer.apply;

import dev.zklab.common.kubernetes.Pods;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zklab.common.ensemble.EnsembleNames;
import dev.zklab.deployer.model.EnsembleModel;
import dev.zklab.deployer.model.ImageProfile;
import dev.zklab.deployer.model.ZooKeeperSettings;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A configuration change: the ConfigMap and the pod template (its config hash) are applied with the
 * rolling update's partition at the top, then the partition is lowered one ordinal at a time, highest
 * first: each member is replaced, must become Ready and rejoin the quorum before the next one goes. A
 * failed roll stops there and names the pod and why; {@link #undo} restores the previous revision.
 */
public final class ConfigurationRoll {

    /** What a change did: hashes before and after, the settings now, and the order in which members rolled. */
    public record Result(boolean changed, String fromHash, String toHash, Map<String, String> settings,
            List<PodFacts> pods, List<PodTimeline.Transition> timeline) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final RejoinCheck rejoin;

    public ConfigurationRoll(KubernetesClient client, RejoinCheck rejoin) {
        this.client = client;
        this.rejoin = rejoin;
    }

    public Result change(EnsembleModel deployed, EnsembleModel desired, Deadline deadline) {
        if (deployed.configHash().equals(desired.configHash())) {
            return new Result(false, deployed.configHash(), desired.configHash(), desired.settings().overrides(),
                    PodFacts.of(new Rollout(client, desired.namespace()).pods().values()), List.of());
        }
        return roll(deployed, desired, deadline, () -> { });
    }

    /**
     * Goes back to the settings of the previous revision: the one still running when a roll is stuck,
     * else the revision before the newest. Members stuck on the abandoned revision are deleted so the
     * controller recreates them (a StatefulSet does not replace a pod that never became Ready).
     */
    public Result undo(EnsembleModel deployed, Deadline deadline) {
        StatefulSet sts = new Rollout(client, deployed.namespace()).statefulSet();
        ControllerRevision previous = previousRevision(sts).orElseThrow(() -> new RolloutFailedException(
                "StatefulSet " + EnsembleNames.STATEFULSET + " has no previous revision to go back to"));
        EnsembleModel restored = deployed.withSettings(settingsOf(previous));
        String abandoned = sts.getStatus().getUpdateRevision();
        return roll(deployed, restored, deadline, () -> {
            for (Pod pod : new Rollout(client, deployed.namespace()).pods().values()) {
                if (abandoned.equals(pod.getMetadata().getLabels().get("controller-revision-hash")) && !Pods.isReady(pod)) {
                    client.resource(pod).delete();
                }
            }
        });
    }

    private Result roll(EnsembleModel from, EnsembleModel to, Deadline deadline, Runnable beforeFirstMember) {
        Rollout rollout = new Rollout(client, to.namespace());
        EnsembleApplier applier = new EnsembleApplier(client);
        try (PodTimeline timeline = new PodTimeline(client, to.namespace(), Clock.systemUTC())) {
            // Nothing moves until the partition is lowered: the members go one by one, checked in between.
            applier.serverSideApply(partitioned(to, to.replicas()));
            if (to.profile() == ImageProfile.CURRENT) {
                applier.serverSideApply(to.configMap());
            }
            beforeFirstMember.run();
            try {
                String revision = rollout.awaitUpdateRevision(deadline);
                for (int ordinal = to.replicas() - 1; ordinal >= 0; ordinal--) {
                    applier.serverSideApply(partitioned(to, ordinal));
                    rollout.awaitMemberOn(ordinal, revision, deadline);
                    rejoin.await(ordinal, deadline);
                }
                rollout.awaitRolledOut(to.replicas(), deadline);
            } catch (RolloutFailedException e) {
                throw new RolloutFailedException("the configuration change to " + to.settings().overrides()
                        + " did not roll out: " + e.getMessage()
                        + "; undo it with a configure step with params {\"undo\": \"true\"}");
            }
            return new Result(true, from.configHash(), to.configHash(), to.settings().overrides(),
                    PodFacts.of(rollout.pods().values()), timeline.transitions());
        }
    }

    /** The StatefulSet with its rolling update's partition: pods with an ordinal at or above it are updated. */
    static StatefulSet partitioned(EnsembleModel model, int partition) {
        return new StatefulSetBuilder(model.statefulSet())
                .editSpec().editUpdateStrategy().withNewRollingUpdate().withPartition(partition).endRollingUpdate()
                .endUpdateStrategy().endSpec().build();
    }

    Optional<ControllerRevision> previousRevision(StatefulSet sts) {
        String current = sts.getStatus().getCurrentRevision();
        String update = sts.getStatus().getUpdateRevision();
        List<ControllerRevision> revisions = client.apps().controllerRevisions().inNamespace(sts.getMetadata().getNamespace())
                .withLabels(EnsembleNames.SELECTOR).list().getItems().stream()
                .filter(r -> r.getMetadata().getOwnerReferences().stream().anyMatch(o -> o.getUid().equals(sts.getMetadata().getUid())))
                .sorted(Comparator.comparing(ControllerRevision::getRevision).reversed())
                .toList();
        if (current != null && !current.equals(update)) {
            return revisions.stream().filter(r -> r.getMetadata().getName().equals(current)).findFirst();
        }
        return revisions.stream().filter(r -> !r.getMetadata().getName().equals(update)).findFirst();
    }

    static Map<String, String> settingsOf(ControllerRevision revision) {
        JsonNode json = JSON.valueToTree(revision.getData())
                .path("spec").path("template").path("metadata").path("annotations").path(EnsembleNames.SETTINGS_ANNOTATION);
        return json.isTextual() ? ZooKeeperSettings.parseOverrides(json.asText()) : Map.of();
    }
}
