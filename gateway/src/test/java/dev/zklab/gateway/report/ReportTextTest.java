package dev.zklab.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zklab.contracts.api.RunStatus;
import dev.zklab.contracts.api.RunView;
import dev.zklab.contracts.api.StepStatus;
import dev.zklab.contracts.api.StepView;
import dev.zklab.contracts.run.RunSpec;
import dev.zklab.contracts.run.StepSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text report shows a verification's checks: verdict, expected, observed and why one failed (the page: GatewayIT). */
class ReportTextTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void everyCheckIsShownWithExpectedAndObservedAndAFailureWithWhy() throws Exception {
        JsonNode evidence = new ObjectMapper().readTree("""
                {"namespace": "zk-1", "passed": 1, "failed": 1, "checks": [
                  {"name": "one-leader", "expected": "exactly one leader", "observed": "zk-0 leader, zk-1 follower", "passed": true},
                  {"name": "pdb", "expected": "zk-pdb: maxUnavailable 1", "observed": "no PodDisruptionBudget zk-pdb",
                   "passed": false, "message": "PodDisruptionBudget zk-pdb is missing"}]}""");
        StepView verify = new StepView(
                "01-verify",
                "verify",
                "verifier",
                false,
                Map.of(),
                StepStatus.FAILED,
                1,
                T0,
                T0.plusSeconds(3),
                evidence,
                "1 of 2 checks failed: pdb: PodDisruptionBudget zk-pdb is missing",
                List.of());
        RunSpec spec = new RunSpec(null, null, List.of(StepSpec.of("verify")), null).withDefaults("run-1-0000");
        RunReport report = RunReport.of(
                new RunView(
                        "run-1",
                        RunStatus.FAILED,
                        spec,
                        T0,
                        T0.plusSeconds(3),
                        T0.plusSeconds(3),
                        "step 01-verify failed",
                        List.of(verify),
                        "alice",
                        "bob"),
                List.of());

        String text = ReportText.render(report);

        assertThat(text.lines().skip(2).findFirst()).contains("requested by alice · cancelled by bob");
        assertThat(text).contains("""
                  [pass] one-leader
                         expected: exactly one leader
                         observed: zk-0 leader, zk-1 follower
                  [FAIL] pdb
                         expected: zk-pdb: maxUnavailable 1
                         observed: no PodDisruptionBudget zk-pdb
                         why:      PodDisruptionBudget zk-pdb is missing
                """).contains("  namespace: zk-1").doesNotContain("- name: one-leader");
    }
}
