package dev.zklab.drainer.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zklab.contracts.evidence.ProbeEvidence;
import dev.zklab.drainer.probe.Operation.Kind;
import dev.zklab.drainer.probe.Operation.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeStatisticsTest {

    @Test
    void aPhaseCountsItsOperationsAvailabilityLatenciesAndTheLongestTimeWithoutAWrite() {
        List<Operation> ops = List.of(
                new Operation(Kind.WRITE, "drain", 0, 10, Outcome.OK, 0),
                new Operation(Kind.READ, "drain", 50, 54, Outcome.OK, -1),
                new Operation(Kind.WRITE, "drain", 100, 3100, Outcome.UNKNOWN, 1),
                new Operation(Kind.READ, "drain", 150, 3150, Outcome.FAILED, -1),
                new Operation(Kind.WRITE, "drain", 3200, 3230, Outcome.OK, 2));

        ProbeEvidence.Phase phase = ProbeStatistics.phase("drain", 0, 4000, ops);

        assertThat(phase.operations()).isEqualTo(5);
        assertThat(phase.ok()).isEqualTo(3);
        assertThat(phase.failed()).isEqualTo(1);
        assertThat(phase.unknown()).isEqualTo(1);
        assertThat(phase.availabilityPercent()).isEqualTo(60.0);
        // Acknowledged at 10 and 3230: the gap between them is the longest.
        assertThat(phase.longestWriteGapMs()).isEqualTo(3220);
        assertThat(phase.p50Ms()).isEqualTo(10.0);
        assertThat(phase.p99Ms()).isEqualTo(30.0);
        assertThat(phase.maxMs()).isEqualTo(30.0);
    }

    @Test
    void aPhaseWithoutASuccessfulWriteIsOneGapAndHasNoLatency() {
        ProbeEvidence.Phase phase = ProbeStatistics.phase(
                "outage", 1000, 5000, List.of(new Operation(Kind.WRITE, "outage", 1000, 4000, Outcome.UNKNOWN, 7)));
        assertThat(phase.longestWriteGapMs()).isEqualTo(4000);
        assertThat(phase.p50Ms()).isNull();
        assertThat(phase.availabilityPercent()).isZero();
    }

    @Test
    void phasesSplitTheOperationsByTheirMarks() {
        List<Operation> ops = List.of(
                new Operation(Kind.WRITE, "a", 0, 5, Outcome.OK, 0),
                new Operation(Kind.WRITE, "b", 100, 105, Outcome.OK, 1),
                new Operation(Kind.WRITE, "b", 150, 155, Outcome.OK, 2));
        List<ProbeEvidence.Phase> phases = ProbeStatistics.phases(
                ops, List.of(new ProbeStatistics.PhaseMark("a", 0), new ProbeStatistics.PhaseMark("b", 100)), 200);
        assertThat(phases)
                .extracting(ProbeEvidence.Phase::name, ProbeEvidence.Phase::operations)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", 1L), org.assertj.core.groups.Tuple.tuple("b", 2L));
        assertThat(phases.get(1).endedMs()).isEqualTo(200);
    }

    @Test
    void theSetCheckFindsLostRecoveredAndUnexpectedValues() {
        List<Operation> ops = List.of(
                new Operation(Kind.WRITE, "p", 0, 1, Outcome.OK, 0),
                new Operation(Kind.WRITE, "p", 0, 1, Outcome.OK, 1),
                new Operation(Kind.WRITE, "p", 0, 1, Outcome.UNKNOWN, 2),
                new Operation(Kind.WRITE, "p", 0, 1, Outcome.UNKNOWN, 3),
                new Operation(Kind.WRITE, "p", 0, 1, Outcome.FAILED, 4),
                new Operation(Kind.READ, "p", 0, 1, Outcome.OK, -1));

        ProbeEvidence.SetCheck set = ProbeStatistics.setCheck(ops, List.of(0L, 2L, 99L));

        assertThat(set.attempted()).isEqualTo(5);
        assertThat(set.acknowledged()).isEqualTo(2);
        assertThat(set.read()).isEqualTo(3);
        assertThat(set.lost()).isEqualTo(1);
        assertThat(set.lostValues()).containsExactly(1L);
        assertThat(set.recovered()).isEqualTo(1);
        assertThat(set.unexpected()).isEqualTo(1);
        assertThat(ProbeStatistics.setCheck(ops, List.of(0L, 1L)).lost()).isZero();
    }
}
