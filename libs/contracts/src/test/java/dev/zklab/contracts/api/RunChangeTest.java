package dev.zklab.contracts.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunChangeTest {

    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    private static StepView step(String id, StepStatus status, List<String> progress) {
        return new StepView(
                id,
                id.substring(3),
                "deployer",
                false,
                Map.of(),
                status,
                status == StepStatus.PENDING ? 0 : 1,
                status == StepStatus.PENDING ? null : T0,
                null,
                null,
                null,
                progress);
    }

    private static RunView run(RunStatus state, Instant updatedAt, StepView... steps) {
        return new RunView(
                "4faec62f-0000-0000-0000-000000000000",
                state,
                null,
                T0,
                updatedAt,
                null,
                null,
                List.of(steps),
                "alice",
                null);
    }

    @Test
    void aChangeCarriesTheRunsFieldsAndOnlyTheStepsThatChangedAndAppliedGivesTheRunAfter() {
        RunView before = run(
                RunStatus.RUNNING,
                T0,
                step("01-deploy", StepStatus.RUNNING, List.of()),
                step("02-verify", StepStatus.PENDING, List.of()));
        RunView after = run(
                RunStatus.RUNNING,
                T0.plusSeconds(3),
                step("01-deploy", StepStatus.RUNNING, List.of("applied zk-hs")),
                step("02-verify", StepStatus.PENDING, List.of()));

        RunChange change = RunChange.between(before, after);

        assertThat(change.run()).isNull();
        assertThat(change.steps()).extracting(StepView::id).containsExactly("01-deploy");
        assertThat(change.applyTo(before)).isEqualTo(after);
    }

    @Test
    void theFirstChangeIsTheWholeRunAndNothingElseCanComeFirst() {
        RunView run = run(RunStatus.PENDING, T0, step("01-deploy", StepStatus.PENDING, List.of()));

        assertThat(RunChange.whole(run).applyTo(null)).isEqualTo(run);
        assertThat(RunChange.whole(run).applyTo(run(RunStatus.FAILED, T0)))
                .as("the whole run replaces what was seen")
                .isEqualTo(run);
        assertThatThrownBy(() -> RunChange.between(run, run).applyTo(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must begin with the run");
    }
}
