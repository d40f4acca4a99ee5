package dev.zklab.deployer.kubernetes;

import dev.zklab.contracts.evidence.PodFacts;
import dev.zklab.contracts.evidence.PodTransition;
import dev.zklab.deployer.model.EnsembleModel;
import dev.zklab.kubernetes.PodTimeline;
import dev.zklab.kubernetes.StatefulSetRollout;
import dev.zklab.support.kubernetes.Pods;
import dev.zklab.support.wait.Deadline;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.List;

/** Applies an ensemble and waits until it has rolled out, watching the order in which its pods start. */
public final class EnsembleDeployment {

    /** What a deployment did and saw. */
    public record Result(
            List<String> applied,
            String configHash,
            List<PodFacts> pods,
            List<PodTransition> timeline,
            boolean orderedReady) {}

    private final KubernetesClient client;

    public EnsembleDeployment(KubernetesClient client) {
        this.client = client;
    }

    public Result deploy(EnsembleModel model, Deadline deadline) {
        EnsembleApplier applier = new EnsembleApplier(client);
        applier.checkStorageClass(model);
        StatefulSetRollout rollout = new StatefulSetRollout(client, model.namespace());
        try (PodTimeline timeline = new PodTimeline(client, model.namespace(), Clock.systemUTC())) {
            List<HasMetadata> applied = applier.apply(model);
            rollout.awaitRolledOut(model.replicas(), deadline);
            return new Result(
                    applied.stream()
                            .map(o -> o.getKind() + "/" + o.getMetadata().getName())
                            .toList(),
                    model.configHash(),
                    Pods.facts(rollout.pods().values()),
                    timeline.transitions(),
                    timeline.orderedReady());
        }
    }
}
