package dev.zklab.deployer.steps;

import dev.zklab.contracts.evidence.DurabilityEvidence;
import dev.zklab.contracts.run.Step;
import dev.zklab.deployer.kubernetes.StatefulSetRecreation;
import dev.zklab.deployer.model.EnsembleModel;
import dev.zklab.members.EnsembleConnection;
import dev.zklab.members.MemberAccess;
import dev.zklab.members.ZooKeeperTimeouts;
import dev.zklab.steps.StepContext;
import dev.zklab.steps.StepResult;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * The lab's durable storage: a marker znode is written through the ensemble, the StatefulSet is
 * deleted and applied again, and the marker is read back; each ordinal's PVC must be the same claim
 * (same uid) before and after ({@link DurabilityEvidence}: the verifier compares the claims it finds with
 * the ones recorded before).
 */
@Singleton
public class DurabilityStep extends EnsembleStep {

    static final String MARKER_ROOT = "/zklab/durability";

    public DurabilityStep() {
        super(Step.DURABILITY);
    }

    @Override
    StepResult run(StepContext context, EnsembleModel spec, KubernetesClient client) throws Exception {
        StatefulSetRecreation recreation = new StatefulSetRecreation(client);
        Optional<EnsembleModel> resumed = recreation.resumeInterrupted(spec, context.deadline());
        resumed.ifPresent(
                m -> context.progress("StatefulSet zk was missing while its " + m.replicas() + " members' PVCs"
                        + " remained (an earlier attempt stopped between deleting and applying it): applied it again"));
        EnsembleModel deployed = resumed.orElseGet(() -> deployed(client, spec));
        MemberAccess access = context.members(deployed.namespace());
        List<Integer> members = IntStream.range(0, deployed.replicas()).boxed().toList();
        String path = MARKER_ROOT + "/" + context.command().runId();
        String written = context.command().runId() + "/" + context.command().attempt() + "/" + UUID.randomUUID();
        try (EnsembleConnection zk =
                EnsembleConnection.open(access, members, Optional.empty(), ZooKeeperTimeouts.defaults())) {
            zk.client()
                    .create()
                    .orSetData()
                    .creatingParentsIfNeeded()
                    .forPath(path, written.getBytes(StandardCharsets.UTF_8));
        }
        context.progress("marker " + path + " written; deleting StatefulSet zk (PVCs stay)");
        StatefulSetRecreation.Result result = recreation.recreate(deployed, context.deadline());
        String read;
        try (EnsembleConnection zk =
                EnsembleConnection.open(access, members, Optional.empty(), ZooKeeperTimeouts.defaults())) {
            zk.client().sync().forPath(path);
            read = new String(zk.client().getData().forPath(path), StandardCharsets.UTF_8);
        }
        DurabilityEvidence evidence = new DurabilityEvidence(
                result.claimsBefore(),
                result.claimsAfter(),
                result.sameClaims(),
                result.podClaims(),
                result.pods(),
                new DurabilityEvidence.Marker(path, written, read, written.equals(read), access.describe()));
        if (!result.sameClaims()) {
            return StepResult.failed(
                    "the members' PVCs changed across the StatefulSet's deletion: before " + result.claimsBefore()
                            + ", after " + result.claimsAfter(),
                    evidence);
        }
        if (!written.equals(read)) {
            return StepResult.failed(
                    "marker " + path + " read back as '" + read + "', written as '" + written + "'", evidence);
        }
        return StepResult.succeeded(evidence);
    }
}
