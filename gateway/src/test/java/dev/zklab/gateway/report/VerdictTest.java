package dev.zklab.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zklab.contracts.api.RunStatus;
import dev.zklab.contracts.api.RunView;
import dev.zklab.contracts.api.StepStatus;
import dev.zklab.contracts.api.StepView;
import dev.zklab.contracts.events.EventCodec;
import dev.zklab.contracts.run.EnsembleSpec;
import dev.zklab.contracts.run.RunSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The report's first sentence says what a run showed, from its evidence, and a drill's figures say
 * whether the quorum held: a lost quorum is a write gap of 10 s or more, with or without the budget.
 */
class VerdictTest {

    static final Instant T0 = Instant.parse("2026-12-02T12:00:00Z");

    @Test
    void theLabThatPassedSaysWhatItShowedInOneSentence() throws Exception {
        RunReport report = RunReport.of(lab(true, 2_300), List.of());

        assertThat(report.summary().verdict())
                .isEqualTo("Passed: a 3-member ensemble started in order; all 3 verifications"
                        + " passed; it kept its data when its StatefulSet was deleted; it was scaled to 5, then 3 members; the drain drill"
                        + " kept the quorum, its PodDisruptionBudget refusing an eviction 2 times (availability 97.5 %, longest time without a"
                        + " write 2.3 s, 0 writes lost); the cluster was deleted at the end.");
        DrillFigures drill = report.summary().drill();
        assertThat(drill.step()).isEqualTo("07-drain");
        assertThat(drill.budget()).isTrue();
        assertThat(drill.drains()).isEqualTo("zk-0 MOVES, zk-1 PENDING, zk-2 BLOCKED");
        assertThat(drill.quorumLost()).isFalse();
    }

    @Test
    void withoutItsBudgetTheDrillSaysItLostTheQuorumAndForHowLong() throws Exception {
        DrillFigures drill = DrillFigures.of(lab(false, 31_240)).orElseThrow();

        assertThat(drill.quorumLost()).isTrue();
        assertThat(drill.budget()).isFalse();
        assertThat(drill.sentence())
                .isEqualTo("without a PodDisruptionBudget the drain drill lost the quorum (availability 97.5 %,"
                        + " longest time without a write 31.2 s, 0 writes lost)");
        assertThat(DrillFigures.of(lab(true, 31_240)).orElseThrow().sentence())
                .startsWith("the drain drill lost the quorum although the ensemble had its PodDisruptionBudget");
    }

    @Test
    void aRunWithoutADrillHasNoFiguresAndAFailedRunSaysWhichStepAndWhy() throws Exception {
        RunView failed = new RunView(
                "r",
                RunStatus.FAILED,
                spec(true),
                T0,
                T0,
                T0.plusSeconds(5),
                "step 01-deploy failed: no nodes",
                List.of(step("01-deploy", "deploy", StepStatus.FAILED, null, Map.of())),
                null,
                null);

        RunReport report = RunReport.of(failed, List.of());

        assertThat(report.summary().drill()).isNull();
        assertThat(report.summary().verdict()).isEqualTo("The run failed: step 01-deploy failed: no nodes.");
    }

    static RunView lab(boolean budget, long longestGapMs) throws Exception {
        List<StepView> steps = new ArrayList<>();
        steps.add(step(
                "01-deploy",
                "deploy",
                StepStatus.SUCCEEDED,
                json("{\"replicas\": 3, \"orderedReady\": true}"),
                Map.of()));
        steps.add(step("02-verify", "verify", StepStatus.SUCCEEDED, null, Map.of()));
        steps.add(step("03-durability", "durability", StepStatus.SUCCEEDED, null, Map.of()));
        steps.add(step("04-scale", "scale", StepStatus.SUCCEEDED, null, Map.of("replicas", "5")));
        steps.add(step("05-verify", "verify", StepStatus.SUCCEEDED, null, Map.of()));
        steps.add(step("06-scale", "scale", StepStatus.SUCCEEDED, null, Map.of("replicas", "3")));
        steps.add(step("07-drain", "drain", StepStatus.SUCCEEDED, json("""
                {"namespace": "zk", "actions": [
                  {"action": "drain zk-0", "node": "n1", "pods": [{"pod": "zk-0", "observed": "MOVES"}], "refusals": []},
                  {"action": "drain zk-1", "node": "n2", "pods": [{"pod": "zk-1", "observed": "PENDING"}], "refusals": []},
                  {"action": "drain zk-2", "node": "n3", "pods": [{"pod": "zk-2", "observed": "BLOCKED"}],
                   "refusals": [{"pod": "zk-2", "budget": "zk-pdb"}, {"pod": "zk-2", "budget": "zk-pdb"}]}],
                 "probe": {"ratePerSecond": 20, "phases": [],
                   "overall": {"name": "overall", "startedMs": 0, "endedMs": 60000, "operations": 1200, "ok": 1170, "failed": 30,
                               "unknown": 0, "availabilityPercent": 97.5, "longestWriteGapMs": %d},
                   "set": {"attempted": 600, "acknowledged": 590, "read": 590, "lost": 0, "recovered": 0, "unexpected": 0}}}""".formatted(longestGapMs)), Map.of()));
        steps.add(step("08-verify", "verify", StepStatus.SUCCEEDED, null, Map.of()));
        steps.add(step("09-teardown", "teardown", StepStatus.SUCCEEDED, json("{\"clusterDeleted\": true}"), Map.of()));
        return new RunView(
                "run-" + budget,
                RunStatus.SUCCEEDED,
                spec(budget),
                T0,
                T0,
                T0.plusSeconds(200),
                null,
                steps,
                null,
                null);
    }

    private static RunSpec spec(boolean budget) {
        return new RunSpec(null, new EnsembleSpec(null, null, null, null, null, null, budget), null, null)
                .withDefaults("run-0000");
    }

    private static JsonNode json(String text) throws Exception {
        return EventCodec.mapper().readTree(text);
    }

    private static StepView step(
            String id, String name, StepStatus status, JsonNode evidence, Map<String, String> params) {
        return new StepView(
                id, name, "svc", false, params, status, 1, T0, T0.plusSeconds(1), evidence, null, List.of());
    }
}
