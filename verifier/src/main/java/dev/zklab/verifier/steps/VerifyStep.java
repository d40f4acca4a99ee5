package dev.zklab.verifier.steps;

import dev.zklab.contracts.events.StepOutcome;
import dev.zklab.contracts.events.StepRequested;
import dev.zklab.contracts.evidence.Check;
import dev.zklab.contracts.evidence.VerifyEvidence;
import dev.zklab.contracts.run.Step;
import dev.zklab.members.MemberAccess;
import dev.zklab.steps.StepContext;
import dev.zklab.steps.StepHandler;
import dev.zklab.steps.StepResult;
import dev.zklab.support.kubernetes.EnsembleNames;
import dev.zklab.support.wait.Deadline;
import dev.zklab.verifier.check.Verification;
import dev.zklab.verifier.config.VerifierConfig;
import dev.zklab.verifier.kubernetes.EnsembleSnapshot;
import dev.zklab.verifier.kubernetes.KubernetesChecks;
import dev.zklab.verifier.kubernetes.SnapshotReader;
import dev.zklab.verifier.zookeeper.ZooKeeperVerification;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The lab's verification: the Kubernetes-level checks (read until the controllers' status settles),
 * then the ZooKeeper-level checks through the members; every check with expected and observed values
 * goes into the evidence, which a failed verification carries too.
 */
@Singleton
public class VerifyStep implements StepHandler {

    private final VerifierConfig config;
    private final MeterRegistry registry;

    public VerifyStep(VerifierConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    @Override
    public Step step() {
        return Step.VERIFY;
    }

    @Override
    public StepResult run(StepContext context) {
        StepRequested command = context.command();
        Optional<StepOutcome> previous = command.previousStep();
        Instant started = Instant.now();
        // The verification writes into the ensemble's ZooKeeper: never into one that is not the run's.
        String namespace = context.ownEnsemble();
        Settled settled = settledSnapshot(
                new SnapshotReader(context.cluster()),
                namespace,
                previous,
                command.ensemble().withBudget(),
                context.deadline().within(config.settle()));
        EnsembleSnapshot snapshot = settled.snapshot();
        List<Check> checks = new ArrayList<>(settled.checks());
        Instant kubernetesDone = Instant.now();
        context.progress(
                "Kubernetes: " + passed(checks) + " of " + checks.size() + " checks passed; asking the members");
        MemberAccess access = context.members(namespace);
        Map<Integer, String> expectedServers = new TreeMap<>();
        for (int ordinal = 0; ordinal < snapshot.replicas(); ordinal++) {
            expectedServers.put(EnsembleNames.serverId(ordinal), EnsembleNames.serverSpec(namespace, ordinal));
        }
        Optional<String> afterDurability =
                previous.filter(p -> Step.DURABILITY.id().equals(p.step())).map(StepOutcome::stepId);
        checks.addAll(new ZooKeeperVerification(
                        access, config.memberTimeout(), context.deadline().within(config.settle()))
                .run(
                        snapshot.replicas(),
                        expectedServers,
                        afterDurability,
                        command.runId() + "/" + command.stepId() + "/" + command.attempt()));
        Verification verification = new Verification(checks);
        count(verification);
        VerifyEvidence evidence = new VerifyEvidence(
                namespace,
                snapshot.replicas(),
                previous.map(StepOutcome::stepId).orElse(null),
                access.describe(),
                checks.size() - verification.failed().size(),
                verification.failed().size(),
                Duration.between(started, Instant.now()).toMillis(),
                new VerifyEvidence.Timings(
                        Duration.between(started, kubernetesDone).toMillis(),
                        settled.reads(),
                        Duration.between(kubernetesDone, Instant.now()).toMillis()),
                checks);
        return verification.passed()
                ? StepResult.succeeded(evidence)
                : StepResult.failed(verification.failureSummary(), evidence);
    }

    /**
     * Controllers write status (Ready, EndpointSlices, the PDB's counts) a moment after the change a
     * previous step waited for: the snapshot is read again while a check fails, until {@code settle} passes.
     */
    private Settled settledSnapshot(
            SnapshotReader reader,
            String namespace,
            Optional<StepOutcome> previous,
            boolean withBudget,
            Deadline settle) {
        AtomicInteger reads = new AtomicInteger();
        return settle.settle(
                "the ensemble's Kubernetes status to settle",
                Deadline.POLL,
                () -> {
                    EnsembleSnapshot snapshot = reader.read(namespace);
                    return new Settled(
                            snapshot,
                            KubernetesChecks.evaluate(snapshot, previous, withBudget),
                            reads.incrementAndGet());
                },
                s -> s.checks().stream().allMatch(Check::passed));
    }

    /** The last snapshot, its checks, and how many reads it took to settle. */
    private record Settled(EnsembleSnapshot snapshot, List<Check> checks, int reads) {}

    private static long passed(List<Check> checks) {
        return checks.stream().filter(Check::passed).count();
    }

    private void count(Verification verification) {
        verification
                .checks()
                .forEach(check -> Counter.builder("zklab.verification.checks")
                        .description("Checks run by the verifier, by check and outcome")
                        .tags("check", check.name(), "outcome", check.passed() ? "passed" : "failed")
                        .register(registry)
                        .increment());
    }
}
