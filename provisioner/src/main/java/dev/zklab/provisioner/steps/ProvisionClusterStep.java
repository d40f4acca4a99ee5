package dev.zklab.provisioner.steps;

import dev.zklab.contracts.cluster.ClusterRef;
import dev.zklab.contracts.events.StepRequested;
import dev.zklab.contracts.evidence.Check;
import dev.zklab.contracts.evidence.ClusterEvidence;
import dev.zklab.contracts.run.ClusterSpec;
import dev.zklab.contracts.run.Step;
import dev.zklab.provisioner.access.ClusterCheck;
import dev.zklab.provisioner.config.ProvisionerConfig;
import dev.zklab.provisioner.providers.ClusterOrder;
import dev.zklab.provisioner.providers.ClusterProviders;
import dev.zklab.steps.StepContext;
import dev.zklab.steps.StepHandler;
import dev.zklab.steps.StepResult;
import jakarta.inject.Singleton;
import java.util.stream.Collectors;

/**
 * The lab's {@code gcloud container clusters create}: brings the run's cluster into being with its
 * provider (or takes one that exists), then checks it is fit for the run — it answers, its version,
 * a schedulable node per member, every permission zklab's steps use — before anything is deployed.
 */
@Singleton
public class ProvisionClusterStep implements StepHandler {

    /** Step parameters: worker nodes (the gateway sets the run's {@code cluster.nodes}), and GKE's machine type. */
    public static final String NODES = "nodes";

    public static final String MACHINE_TYPE = "machineType";

    private final ClusterProviders providers;
    private final ProvisionerConfig config;

    public ProvisionClusterStep(ClusterProviders providers, ProvisionerConfig config) {
        this.providers = providers;
        this.config = config;
    }

    @Override
    public Step step() {
        return Step.PROVISION_CLUSTER;
    }

    @Override
    public StepResult run(StepContext context) throws Exception {
        StepRequested command = context.command();
        ClusterRef ref = command.cluster();
        int nodes = nodes(command);
        String machineType = command.params().getOrDefault(MACHINE_TYPE, config.machineType());
        long started = System.nanoTime();
        ClusterEvidence.Origin origin = providers
                .of(ref.provider())
                .provision(new ClusterOrder(ref, command.runId(), nodes, machineType), context);
        double seconds = origin == ClusterEvidence.Origin.FOUND || origin == ClusterEvidence.Origin.CONFIGURED
                ? 0
                : Math.round((System.nanoTime() - started) / 1e7) / 100.0;
        // The client is made only now, once the cluster is up: a local cluster's kubeconfig is written as it is made.
        ClusterCheck.Result check = ClusterCheck.of(
                context.cluster(),
                command.ensemble().replicas(),
                command.ensemble().namespace());
        ClusterEvidence evidence = new ClusterEvidence(
                ref.provider(),
                ref.name(),
                ref.location(),
                origin,
                check.server(),
                check.version(),
                check.nodes(),
                check.schedulableNodes(),
                seconds,
                check.checks());
        if (!check.passed()) {
            return StepResult.failed(
                    "cluster " + ref.name() + " is not fit for the run: "
                            + check.checks().stream()
                                    .filter(c -> !c.passed())
                                    .map(Check::message)
                                    .collect(Collectors.joining("; ")),
                    evidence);
        }
        return StepResult.succeeded(evidence);
    }

    private static int nodes(StepRequested command) {
        String nodes = command.params().get(NODES);
        if (nodes == null) {
            return ClusterSpec.DEFAULT_NODES;
        }
        try {
            int n = Integer.parseInt(nodes.strip());
            if (n < 1 || n > 50) {
                throw new IllegalArgumentException("provision-cluster's nodes must be from 1 to 50, got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "provision-cluster's nodes must be a number from 1 to 50, got '" + nodes + "'");
        }
    }
}
