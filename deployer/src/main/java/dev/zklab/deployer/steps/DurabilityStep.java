package dev.zklab.deployer.steps;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zklab.common.run.Step;
import dev.zklab.deployer.apply.StatefulSetRecreation;
import dev.zklab.deployer.config.DeployerConfig;
import dev.zklab.deployer.model.EnsembleModel;
import dev.zklab.members.EnsembleConnection;
import dev.zklab.members.MemberAccess;
import dev.zklab.members.ZooKeeperTimeouts;
import dev.zklab.steps.StepContext;
import dev.zklab.steps.StepHandler;
import dev.zklab.steps.StepResult;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * The lab's durable storage: a marker znode is written through the ensemble, the StatefulSet is
 * deleted and applied again, and the marker is read back; each ordinal's PVC must be the same claim
 * (same uid) before and after.
 */
@ApplicationScoped
public class DurabilityStep implements StepHandler {

    static final String MARKER_ROOT = "/zklab/durability";

    private final ObjectMapper json;
    private final DeployerConfig config;

    public DurabilityStep(ObjectMapper json, DeployerConfig config) {
        this.json = json;
        this.config = config;
    }

    @Override
    public Step step() {
        return Step.DURABILITY;
    }

    @Override
    public StepResult run(StepContext context) throws Exception {
        EnsembleModel spec = StepSupport.model(context);
        try (KubernetesClient client = context.cluster()) {
            EnsembleModel deployed = StepSupport.deployed(client, spec, "durability");
            MemberAccess access = StepSupport.members(client, deployed, config);
            List<Integer> members = IntStream.range(0, deployed.replicas()).boxed().toList();
            String path = MARKER_ROOT + "/" + context.command().runId();
            String written = context.command().runId() + "/" + context.command().attempt() + "/" + UUID.randomUUID();
            try (EnsembleConnection zk = EnsembleConnection.open(access, members, Optional.empty(), ZooKeeperTimeouts.defaults())) {
                zk.client().create().orSetData().creatingParentsIfNeeded().forPath(path, written.getBytes(StandardCharsets.UTF_8));
            }
            context.progress("marker " + path + " written; deleting StatefulSet zk (PVCs stay)");
            StatefulSetRecreation.Result result = new StatefulSetRecreation(client).recreate(deployed, StepSupport.deadline(context));
            String read;
            try (EnsembleConnection zk = EnsembleConnection.open(access, members, Optional.empty(), ZooKeeperTimeouts.defaults())) {
                zk.client().sync().forPath(path);
                read = new String(zk.client().getData().forPath(path), StandardCharsets.UTF_8);
            }
            ObjectNode evidence = json.valueToTree(result);
            evidence.putObject("marker").put("path", path).put("written", written).put("read", read)
                    .put("equal", written.equals(read)).put("via", access.describe());
            if (!result.sameClaims()) {
                return StepResult.failed("the members' PVCs changed across the StatefulSet's deletion: before "
                        + result.claimsBefore() + ", after " + result.claimsAfter(), false);
            }
            if (!written.equals(read)) {
                return StepResult.failed("marker " + path + " read back as '" + read + "', written as '" + written + "'", false);
            }
            return StepResult.succeeded(evidence);
        }
    }
}
