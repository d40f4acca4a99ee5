package dev.zklab.gateway.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.zklab.contracts.api.RunStatus;
import dev.zklab.contracts.api.RunView;
import dev.zklab.contracts.api.StepStatus;
import dev.zklab.contracts.api.StepView;
import dev.zklab.contracts.events.CloudEvent;
import dev.zklab.contracts.events.EventCodec;
import dev.zklab.contracts.events.RunCancelled;
import dev.zklab.contracts.events.RunCompleted;
import dev.zklab.contracts.events.RunEvent;
import dev.zklab.contracts.events.RunRequested;
import dev.zklab.contracts.events.StepFailed;
import dev.zklab.contracts.events.StepOutcome;
import dev.zklab.contracts.events.StepRequested;
import dev.zklab.contracts.events.StepStarted;
import dev.zklab.contracts.events.StepSucceeded;
import dev.zklab.contracts.messaging.Service;
import dev.zklab.contracts.run.ClusterSpec;
import dev.zklab.contracts.run.RunOptions;
import dev.zklab.contracts.run.RunSpec;
import dev.zklab.contracts.run.StepSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The run state machine and the orchestrator's decisions, as pure functions of events and time. */
class RunDecisionsTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final String RUN = "run-1";

    private final RunProjection projection = new RunProjection();
    private final EventCodec codec = new EventCodec(Clock.fixed(T0, ZoneOffset.UTC));

    @Test
    void stepsGoInOrderThenCleanupThenTheRunSucceeds() {
        start(spec(List.of("deploy", "verify"), null));

        StepRequested first = (StepRequested) only(decide(T0));
        assertThat(first.stepId()).isEqualTo("01-deploy");
        assertThat(first.attempt()).isEqualTo(1);
        assertThat(first.timeoutSeconds()).isEqualTo(600);
        succeed(first);
        StepRequested second = (StepRequested) only(decide(T0));
        assertThat(second.stepId()).isEqualTo("02-verify");
        succeed(second);
        StepRequested cleanup = (StepRequested) only(decide(T0));
        assertThat(cleanup.stepId()).isEqualTo("03-teardown");
        assertThat(cleanup.cleanup()).isTrue();
        succeed(cleanup);

        assertThat(only(decide(T0))).isEqualTo(new RunCompleted(RUN, "SUCCEEDED", null));
    }

    @Test
    void aStepIsToldTheLastSucceededStepBeforeItAndItsEvidence() {
        start(spec(List.of("deploy", "verify", "verify"), null));
        StepRequested deploy = (StepRequested) only(decide(T0));
        assertThat(deploy.previous()).isNull();
        apply(new StepStarted(RUN, deploy.stepId(), 1, "deployer"));
        apply(new StepSucceeded(
                RUN, deploy.stepId(), 1, JsonNodeFactory.instance.objectNode().put("orderedReady", true)));

        StepRequested verify = (StepRequested) only(decide(T0));
        assertThat(verify.previous())
                .isEqualTo(new StepOutcome(
                        "01-deploy",
                        "deploy",
                        JsonNodeFactory.instance.objectNode().put("orderedReady", true)));
        succeed(verify);
        assertThat(((StepRequested) only(decide(T0))).previous().stepId()).isEqualTo("02-verify");
    }

    @Test
    void theEvidenceOfAFailedStepIsKept() {
        start(spec(List.of("verify"), null));
        StepRequested verify = (StepRequested) only(decide(T0));
        apply(new StepFailed(
                RUN,
                verify.stepId(),
                1,
                "checks failed: one-leader",
                false,
                JsonNodeFactory.instance.objectNode().put("failed", 1)));

        StepView step = projection.view(RUN).orElseThrow().steps().get(0);
        assertThat(step.status()).isEqualTo(StepStatus.FAILED);
        assertThat(step.evidence().get("failed").asInt()).isEqualTo(1);
    }

    @Test
    void nothingIsDecidedTwiceWhileAStepRuns() {
        start(spec(List.of("deploy"), null));
        StepRequested first = (StepRequested) only(decide(T0));
        apply(new StepStarted(RUN, first.stepId(), 1, "deployer"));

        assertThat(decide(T0.plusSeconds(10))).isEmpty();
    }

    @Test
    void retryableFailuresAreRetriedUpToMaxAttemptsThenTheRestIsSkipped() {
        start(spec(List.of("deploy", "verify"), 2));
        StepRequested first = (StepRequested) only(decide(T0));
        apply(new StepFailed(RUN, first.stepId(), 1, "flaky", true));
        StepRequested retry = (StepRequested) only(decide(T0));
        assertThat(retry.attempt()).isEqualTo(2);
        apply(new StepFailed(RUN, retry.stepId(), 2, "flaky again", true));

        RunView run = projection.view(RUN).orElseThrow();
        assertThat(run.steps())
                .extracting(StepView::status)
                .containsExactly(StepStatus.FAILED, StepStatus.SKIPPED, StepStatus.PENDING);
        assertThat(run.state()).isEqualTo(RunStatus.CLEANING_UP);
        StepRequested cleanup = (StepRequested) only(decide(T0));
        assertThat(cleanup.stepId()).isEqualTo("03-teardown");
        succeed(cleanup);
        assertThat(only(decide(T0))).isEqualTo(new RunCompleted(RUN, "FAILED", "step 01-deploy failed: flaky again"));
    }

    @Test
    void anAttemptPastItsDeadlineFailsAsTimedOut() {
        start(spec(List.of("deploy"), null));
        StepRequested first = (StepRequested) only(decide(T0));

        assertThat(decide(T0.plusSeconds(600))).isEmpty();
        assertThat(only(decide(T0.plusSeconds(601))))
                .isEqualTo(
                        new StepFailed(RUN, first.stepId(), 1, "timed out after 600s waiting for the deployer", false));
    }

    @Test
    void cancellationStopsTheActiveStepSkipsTheRestAndStillCleansUp() {
        start(spec(List.of("deploy", "drain"), null));
        StepRequested first = (StepRequested) only(decide(T0));
        apply(new RunCancelled(RUN, "operator"));

        assertThat(projection.view(RUN).orElseThrow().steps())
                .extracting(StepView::status)
                .containsExactly(StepStatus.CANCELLED, StepStatus.SKIPPED, StepStatus.PENDING, StepStatus.PENDING);
        // The late answer of the cancelled attempt changes nothing.
        apply(new StepSucceeded(RUN, first.stepId(), 1, JsonNodeFactory.instance.objectNode()));
        StepRequested uncordon = (StepRequested) only(decide(T0));
        assertThat(uncordon.stepId()).isEqualTo("03-uncordon");
        succeed(uncordon);
        succeed((StepRequested) only(decide(T0)));
        assertThat(only(decide(T0))).isEqualTo(new RunCompleted(RUN, "CANCELLED", "cancelled: operator"));
    }

    @Test
    void answersOfAnOldAttemptAreIgnored() {
        start(spec(List.of("deploy"), 3));
        StepRequested first = (StepRequested) only(decide(T0));
        apply(new StepFailed(RUN, first.stepId(), 1, "flaky", true));
        StepRequested retry = (StepRequested) only(decide(T0));

        apply(new StepSucceeded(RUN, first.stepId(), 1, JsonNodeFactory.instance.objectNode()));

        assertThat(projection.view(RUN).orElseThrow().steps().get(0).status()).isEqualTo(StepStatus.REQUESTED);
        assertThat(retry.attempt()).isEqualTo(2);
    }

    @Test
    void everyRunIsTornDownUnlessItKeepsItsClusterAndProvisioningIsToldTheNodes() {
        RunSpec existing = new RunSpec(
                        new ClusterSpec("existing", "prod", null, null, null),
                        null,
                        List.of(StepSpec.of("provision-cluster"), StepSpec.of("deploy")),
                        null)
                .withDefaults(RUN + "-0000");
        RunSpec kept = new RunSpec(
                        null, null, List.of(StepSpec.of("deploy")), new RunOptions(true, null, Map.of(), null))
                .withDefaults(RUN + "-0000");

        assertThat(RunPlan.of(existing))
                .extracting(s -> s.stepId)
                .containsExactly("01-provision-cluster", "02-deploy", "03-teardown");
        assertThat(RunPlan.of(existing).get(0).params).containsEntry("nodes", "4");
        assertThat(RunPlan.of(kept)).extracting(s -> s.stepId).containsExactly("01-deploy");
    }

    @Test
    void aRunThatEndedDecidesNothing() {
        start(spec(List.of("verify"), null));
        apply(new RunCompleted(RUN, "FAILED", "gone"));

        assertThat(decide(T0)).isEmpty();
        assertThat(projection.unfinished()).isEmpty();
    }

    private static RunSpec spec(List<String> steps, Integer maxAttempts) {
        return new RunSpec(
                        null,
                        null,
                        steps.stream().map(StepSpec::of).toList(),
                        new RunOptions(null, null, Map.of(), maxAttempts))
                .withDefaults(RUN + "-0000");
    }

    private void start(RunSpec spec) {
        apply(new RunRequested(RUN, spec, null, T0, "alice"));
    }

    private void succeed(StepRequested command) {
        apply(new StepStarted(RUN, command.stepId(), command.attempt(), "x"));
        apply(new StepSucceeded(RUN, command.stepId(), command.attempt(), JsonNodeFactory.instance.objectNode()));
    }

    /** Applies a decision or an answer the way the coordinator does. */
    private void apply(RunEvent event) {
        CloudEvent envelope = codec.wrap(Service.GATEWAY, event);
        projection.apply(envelope, event);
    }

    private List<RunEvent> decide(Instant now) {
        List<RunEvent> decisions = projection.decide(RUN, now);
        decisions.forEach(this::apply);
        return decisions;
    }

    private static RunEvent only(List<RunEvent> decisions) {
        assertThat(decisions).hasSize(1);
        return decisions.get(0);
    }
}
