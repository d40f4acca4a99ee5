package dev.zklab.deployer.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zklab.common.ensemble.EnsembleNames;
import dev.zklab.deployer.model.EnsembleModel;
import dev.zklab.deployer.model.ImageProfile;
import dev.zklab.deployer.model.ZooKeeperSettings;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A configuration change: the ConfigMap is applied, the new config hash on the pod template makes the
 * StatefulSet controller roll the members one at a time (highest ordinal first, each Ready — i.e.
 * serving in the quorum again — before the next). A failed roll names the pod and why; {@link #undo}
 * restores the settings of the previous revision.
 */
public final class ConfigurationRoll {

    /** What a change did: hashes before and after, the settings now, and the order in which members rolled. */
    public record Result(boolean changed, String fromHash, String toHash, Map<String, String> settings,
            List<PodFacts> pods, List<PodTimeline.Transition> timeline) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;

    public ConfigurationRoll(KubernetesClient client) {
        this.client = client;
    }

    public Result change(EnsembleModel deployed, EnsembleModel desired, Deadline deadline) {
        Rollout rollout = new Rollout(client, desired.namespace());
        if (deployed.configHash().equals(desired.configHash())) {
            return new Result(false, deployed.configHash(), desired.configHash(), desired.settings().overrides(),
                    PodFacts.of(rollout.pods().values()), List.of());
        }
        EnsembleApplier applier = new EnsembleApplier(client);
        try (PodTimeline timeline = new PodTimeline(client, desired.namespace(), Clock.systemUTC())) {
            if (desired.profile() == ImageProfile.CURRENT) {
                applier.serverSideApply(desired.configMap());
            }
            applier.serverSideApply(desired.statefulSet());
            try {
                rollout.awaitRolledOut(desired.replicas(), deadline);
            } catch (RolloutFailedException e) {
                throw new RolloutFailedException("the configuration change " + desired.settings().overrides()
                        + " did not roll out: " + e.getMessage()
                        + "; undo it with a configure step with params {\"undo\": \"true\"}");
            }
            return new Result(true, deployed.configHash(), desired.configHash(), desired.settings().overrides(),
                    PodFacts.of(rollout.pods().values()), timeline.transitions());
        }
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
        EnsembleApplier applier = new EnsembleApplier(client);
        if (restored.profile() == ImageProfile.CURRENT) {
            applier.serverSideApply(restored.configMap());
        }
        applier.serverSideApply(restored.statefulSet());
        for (Pod pod : new Rollout(client, deployed.namespace()).pods().values()) {
            if (abandoned.equals(pod.getMetadata().getLabels().get("controller-revision-hash")) && !Pods.isReady(pod)) {
                client.resource(pod).delete();
            }
        }
        Result result = change(restored, restored, deadline);
        new Rollout(client, deployed.namespace()).awaitRolledOut(restored.replicas(), deadline);
        return new Result(true, deployed.configHash(), restored.configHash(), restored.settings().overrides(),
                PodFacts.of(new Rollout(client, deployed.namespace()).pods().values()), result.timeline());
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
