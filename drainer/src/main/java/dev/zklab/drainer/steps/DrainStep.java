package dev.zklab.drainer.steps;

import dev.zklab.contracts.evidence.Check;
import dev.zklab.contracts.evidence.DrainEvidence;
import dev.zklab.contracts.run.Step;
import dev.zklab.drainer.disruption.DrainDisruption;
import dev.zklab.drainer.drain.Cordons;
import dev.zklab.drainer.drill.Disruption;
import dev.zklab.drainer.drill.DrainMetrics;
import dev.zklab.drainer.drill.DrillEngine;
import dev.zklab.drainer.drill.DrilledEnsemble;
import dev.zklab.drainer.drill.LiveEnsemble;
import dev.zklab.drainer.plan.DrillOptions;
import dev.zklab.drainer.preflight.Preflight;
import dev.zklab.drainer.recovery.DrillLedger;
import dev.zklab.members.MemberAccess;
import dev.zklab.members.Quorum;
import dev.zklab.steps.StepContext;
import dev.zklab.steps.StepHandler;
import dev.zklab.steps.StepResult;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/**
 * The lab's maintenance drill ({@link DrillEngine}, its drains a {@link DrainDisruption}): with {@code dryRun} only its preflight. The parameters
 * are checked before anything is touched ({@link DrillOptions}); every node it cordons is restored when
 * it ends, however it ends. A check that fails (a prediction the drill did not bear out, a lost write, a
 * node left cordoned) fails the step with that check's message.
 */
@Singleton
public class DrainStep implements StepHandler {

    private final DrainMetrics metrics;
    private final DrillLedger ledger;

    public DrainStep(MeterRegistry registry, DrillLedger ledger) {
        this.metrics = new DrainMetrics(registry);
        this.ledger = ledger;
    }

    @Override
    public Step step() {
        return Step.DRAIN;
    }

    @Override
    public StepResult run(StepContext context) throws Exception {
        DrillOptions options = DrillOptions.of(context.command().params())
                .onClusterMadeByRun(context.command().clusterMadeByRun());
        String runId = context.command().runId();
        // The drill disrupts the ensemble and writes into it: never one that is not the run's.
        String namespace = context.ownEnsemble();
        KubernetesClient client = context.cluster();
        if (options.dryRun()) {
            return StepResult.succeeded(Preflight.read(client, namespace, options));
        }
        MemberAccess access = context.members(namespace);
        DrilledEnsemble ensemble = new LiveEnsemble(client, namespace, options.pendingWait(), new Quorum(access));
        // The kinds of disruption this drill may make: a new kind is one more here, and nothing in the engine.
        List<Disruption> kinds =
                List.of(new DrainDisruption(client, runId, namespace, options, ensemble, metrics, context::progress));
        DrillEngine drill = new DrillEngine(
                new DrillEngine.Setup(runId, namespace, options, ensemble, access, kinds, metrics, context::progress));
        ledger.begin(runId, context.command().cluster());
        DrainEvidence evidence;
        try {
            evidence = drill.run(context.deadline());
        } finally {
            forget(runId, client);
        }
        Optional<Check> failed =
                evidence.checks().stream().filter(c -> !c.passed()).findFirst();
        if (failed.isPresent()) {
            return StepResult.failed(
                    "the drill's check " + failed.get().name() + " failed: "
                            + failed.get().message(),
                    evidence);
        }
        return StepResult.succeeded(evidence);
    }

    /** Forgets the drill once none of its nodes is cordoned; else leaves its note for recovery. */
    private void forget(String runId, KubernetesClient client) {
        boolean holds;
        try {
            holds = !new Cordons(client).heldBy(runId).isEmpty();
        } catch (RuntimeException e) {
            holds = true;
        }
        if (holds) {
            ledger.stoppedHere(runId);
        } else {
            ledger.end(runId);
        }
    }
}
