package dev.zklab.deployer.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zklab.contracts.ensemble.ImageProfile;
import dev.zklab.contracts.ensemble.ZooKeeperSettings;
import dev.zklab.contracts.evidence.PodFacts;
import dev.zklab.contracts.evidence.PodTransition;
import dev.zklab.deployer.model.EnsembleModel;
import dev.zklab.kubernetes.PodTimeline;
import dev.zklab.kubernetes.StatefulSetRollout;
import dev.zklab.support.kubernetes.EnsembleNames;
import dev.zklab.support.kubernetes.Pods;
import dev.zklab.support.wait.Deadline;
import dev.zklab.support.wait.TimedOutException;
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
    public record Result(
            boolean changed,
            String fromHash,
            String toHash,
            Map<String, String> settings,
            List<PodFacts> pods,
            List<PodTransition> timeline) {}

    /** Waits until a member that was just replaced serves in the quorum again; throws when it does not in time. */
    @FunctionalInterface
    public interface Rejoin {
        void await(int ordinal, Deadline deadline);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final Rejoin rejoin;

    public ConfigurationRoll(KubernetesClient client, Rejoin rejoin) {
        this.client = client;
        this.rejoin = rejoin;
    }

    /**
     * Rolls the members to {@code desired}'s configuration; nothing happens when they run it already. A
     * roll that stopped half-way (its step died, or timed out) is finished: the change is safe to run twice.
     */
    public Result change(EnsembleModel deployed, EnsembleModel desired, Deadline deadline) {
        StatefulSetRollout rollout = new StatefulSetRollout(client, desired.namespace());
        StatefulSet sts = rollout.statefulSet();
        if (deployed.configHash().equals(desired.configHash())
                && sts != null
                && partition(sts) == 0
                && StatefulSetRollout.rolledOut(sts, desired.replicas())) {
            return new Result(
                    false,
                    deployed.configHash(),
                    desired.configHash(),
                    desired.settings().overrides(),
                    Pods.facts(rollout.pods().values()),
                    List.of());
        }
        return roll(deployed, desired, deadline, () -> {});
    }

    private static int partition(StatefulSet sts) {
        var strategy = sts.getSpec().getUpdateStrategy();
        Integer partition = strategy == null || strategy.getRollingUpdate() == null
                ? null
                : strategy.getRollingUpdate().getPartition();
        return partition == null ? 0 : partition;
    }

    /**
     * Goes back to the settings of the previous revision: the one still running when a roll is stuck,
     * else the revision before the newest. Members stuck on the abandoned revision are deleted so the
     * controller recreates them (a StatefulSet does not replace a pod that never became Ready).
     */
    public Result undo(EnsembleModel deployed, Deadline deadline) {
        StatefulSet sts = new StatefulSetRollout(client, deployed.namespace()).statefulSet();
        ControllerRevision previous = previousRevision(sts)
                .orElseThrow(() -> new RolloutFailedException(
                        "StatefulSet " + EnsembleNames.STATEFULSET + " has no previous revision to go back to"));
        EnsembleModel restored = deployed.withSettings(settingsOf(previous));
        String abandoned = sts.getStatus().getUpdateRevision();
        return roll(deployed, restored, deadline, () -> {
            for (Pod pod :
                    new StatefulSetRollout(client, deployed.namespace()).pods().values()) {
                if (abandoned.equals(Pods.revision(pod)) && !Pods.isReady(pod)) {
                    client.resource(pod).delete();
                }
            }
        });
    }

    private Result roll(EnsembleModel from, EnsembleModel to, Deadline deadline, Runnable beforeFirstMember) {
        StatefulSetRollout rollout = new StatefulSetRollout(client, to.namespace());
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
            } catch (RolloutFailedException | TimedOutException e) {
                throw new RolloutFailedException(
                        "the configuration change to " + to.settings().overrides()
                                + " did not roll out: " + e.getMessage()
                                + "; undo it with a configure step with params {\"undo\": \"true\"}");
            }
            return new Result(
                    true,
                    from.configHash(),
                    to.configHash(),
                    to.settings().overrides(),
                    Pods.facts(rollout.pods().values()),
                    timeline.transitions());
        }
    }

    /** The StatefulSet with its rolling update's partition: pods with an ordinal at or above it are updated. */
    static StatefulSet partitioned(EnsembleModel model, int partition) {
        return new StatefulSetBuilder(model.statefulSet())
                .editSpec()
                .editUpdateStrategy()
                .withNewRollingUpdate()
                .withPartition(partition)
                .endRollingUpdate()
                .endUpdateStrategy()
                .endSpec()
                .build();
    }

    Optional<ControllerRevision> previousRevision(StatefulSet sts) {
        String current = sts.getStatus().getCurrentRevision();
        String update = sts.getStatus().getUpdateRevision();
        List<ControllerRevision> revisions = client
                .apps()
                .controllerRevisions()
                .inNamespace(sts.getMetadata().getNamespace())
                .withLabels(EnsembleNames.SELECTOR)
                .list()
                .getItems()
                .stream()
                .filter(r -> r.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> o.getUid().equals(sts.getMetadata().getUid())))
                .sorted(Comparator.comparing(ControllerRevision::getRevision).reversed())
                .toList();
        if (current != null && !current.equals(update)) {
            return revisions.stream()
                    .filter(r -> r.getMetadata().getName().equals(current))
                    .findFirst();
        }
        return revisions.stream()
                .filter(r -> !r.getMetadata().getName().equals(update))
                .findFirst();
    }

    static Map<String, String> settingsOf(ControllerRevision revision) {
        JsonNode json = JSON.valueToTree(revision.getData())
                .path("spec")
                .path("template")
                .path("metadata")
                .path("annotations")
                .path(EnsembleNames.SETTINGS_ANNOTATION);
        return json.isTextual() ? ZooKeeperSettings.parseOverrides(json.asText()) : Map.of();
    }
}
