package dev.zklab.drainer.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zklab.contracts.evidence.Check;
import dev.zklab.contracts.evidence.DrainEvidence;
import dev.zklab.contracts.evidence.DrainEvidence.DrainAction;
import dev.zklab.contracts.evidence.DrainEvidence.DrainForecast;
import dev.zklab.contracts.evidence.DrainEvidence.Fate;
import dev.zklab.contracts.evidence.DrainEvidence.PodForecast;
import dev.zklab.contracts.evidence.DrainEvidence.PodOutcome;
import dev.zklab.contracts.evidence.MemberFacts;
import dev.zklab.drainer.plan.DrillAction;
import dev.zklab.drainer.plan.DrillOptions;
import dev.zklab.drainer.preflight.ClusterSnapshot;
import dev.zklab.drainer.preflight.DrainSimulator;
import dev.zklab.drainer.preflight.Forecaster;
import dev.zklab.drainer.preflight.LabCluster;
import dev.zklab.support.wait.Deadline;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The engine runs a kind of disruption it has never heard of — {@code freeze}, undone by {@code thaw}, defined only
 * here — as it runs the drain: predicted by the same sequence it then walks, performed in order, undone at the end
 * (and when the drill fails), its checks in the evidence around the engine's own, and resumed after a crash from
 * what an earlier attempt began.
 */
class DrillEngineTest {

    static final String RUN = "run-1";

    final List<String> calls = new CopyOnWriteArrayList<>();
    final Freeze freeze = new Freeze();

    @Test
    void aKindTheEngineDoesNotKnowIsPredictedPerformedAndUndoneInTheSequencesOrder() throws Exception {
        DrainEvidence evidence = engine(plan(
                        new DrillAction("freeze", "zk-1"),
                        new DrillAction("wait", "zk-1"),
                        new DrillAction("freeze", "worker-4"),
                        new DrillAction("thaw", "worker-4")))
                .run(deadline());

        assertThat(evidence.preflight())
                .extracting(DrainForecast::action)
                .containsExactly("freeze zk-1", "freeze worker-4");
        assertThat(evidence.preflight())
                .extracting(DrainForecast::node)
                .as("zk-1's node, from the simulation")
                .containsExactly("worker-2", "worker-4");
        assertThat(calls)
                .containsExactly(
                        "begin",
                        "perform #1 freeze zk-1 on worker-2 (predicted)",
                        "wait zk-1",
                        "perform #2 freeze worker-4 on worker-4 (predicted)",
                        "undo thaw worker-4",
                        "restoreAll");
        assertThat(evidence.actions())
                .extracting(DrainAction::action)
                .containsExactly("freeze zk-1", "wait zk-1", "freeze worker-4", "thaw worker-4", "thaw");
        assertThat(evidence.actions().get(0).pods())
                .extracting(PodOutcome::matched)
                .containsExactly(true);
        assertThat(evidence.uncordoned())
                .as("what the kind restored at the end")
                .containsExactly("worker-2");
        assertThat(evidence.checks())
                .extracting(Check::name)
                .containsExactly("frozen-as-predicted", "all-thawed", "quorum-whole");
        assertThat(evidence.checks()).allMatch(Check::passed);
        assertThat(evidence.resumed()).isNull();
    }

    @Test
    void whatAFailingDisruptionHeldIsUndoneAndTheFailureTold() {
        freeze.failOn = "worker-4";

        assertThatThrownBy(() -> engine(plan(new DrillAction("freeze", "zk-1"), new DrillAction("freeze", "worker-4")))
                        .run(deadline()))
                .hasMessage("worker-4 cannot be frozen");
        assertThat(calls).endsWith("restoreAll");
        assertThat(freeze.frozen).isEmpty();
    }

    @Test
    void aDrillDeliveredAgainGoesOnFromWhatItsEarlierAttemptBegan() throws Exception {
        freeze.begun.put(1, "worker-3");

        DrainEvidence evidence = engine(plan(new DrillAction("freeze", "zk-1"), new DrillAction("freeze", "worker-4")))
                .run(deadline());

        assertThat(evidence.resumed())
                .isEqualTo(
                        "an earlier attempt of this step had froze worker-3 (freeze #1); the drill went on from there");
        assertThat(calls)
                .as("the begun disruption done again where it was, unpredicted; the rest predicted from there")
                .containsSubsequence(
                        "perform #1 freeze zk-1 on worker-3 (not predicted)",
                        "perform #2 freeze worker-4 on worker-4 (predicted)");
        assertThat(evidence.preflight()).extracting(DrainForecast::action).containsExactly("freeze worker-4");
    }

    @Test
    void anActionNoKindDoesIsRefusedSayingWhatTheDrillKnows() {
        assertThatThrownBy(() -> engine(plan(new DrillAction("drain", "zk-0"))).run(deadline()))
                .hasMessage(
                        "no disruption kind does 'drain zk-0'; the drill knows [freeze], their undoing [thaw] and wait");
        assertThat(calls).endsWith("restoreAll");
    }

    // -- the test's own kind of disruption, and an ensemble that is always well

    /** Freezes a member's node or a node; thaw undoes one or all. */
    final class Freeze implements Disruption {
        final List<String> frozen = new ArrayList<>();
        final SortedMap<Integer, String> begun = new TreeMap<>();
        String failOn;

        @Override
        public Forecaster forecaster() {
            return new Forecaster() {
                @Override
                public String verb() {
                    return "freeze";
                }

                @Override
                public String undoVerb() {
                    return "thaw";
                }

                @Override
                public DrainForecast predict(DrillAction action, String node, DrainSimulator simulation) {
                    return new DrainForecast(
                            action.toString(), node, List.of(new PodForecast(node, Fate.SKIPPED, node + " freezes")));
                }

                @Override
                public void predictUndo(String target, DrainSimulator simulation) {}
            };
        }

        @Override
        public void begin(ClusterSnapshot before) {
            calls.add("begin");
        }

        @Override
        public DrainAction perform(
                int index, DrillAction action, String node, Optional<DrainForecast> forecast, Deadline deadline) {
            calls.add("perform #" + index + " " + action + " on " + node
                    + (forecast.isPresent() ? " (predicted)" : " (not predicted)"));
            if (node.equals(failOn)) {
                throw new IllegalStateException(node + " cannot be frozen");
            }
            frozen.add(node);
            List<PodOutcome> pods = forecast.map(f -> f.pods().stream()
                            .map(p ->
                                    new PodOutcome(p.pod(), p.fate(), p.reason(), Fate.SKIPPED, node + " froze", true))
                            .toList())
                    .orElse(List.of());
            return new DrainAction(action.toString(), node, null, null, pods, List.of(), List.of(), node + " frozen");
        }

        @Override
        public DrainAction undo(DrillAction action) {
            calls.add("undo " + action);
            frozen.remove(action.target());
            return new DrainAction(
                    action.toString(), action.target(), null, null, List.of(), List.of(), List.of(), "thawed");
        }

        @Override
        public List<String> restoreAll() {
            calls.add("restoreAll");
            List<String> restored = List.copyOf(frozen);
            frozen.clear();
            return restored;
        }

        @Override
        public List<String> held() {
            return List.copyOf(frozen);
        }

        @Override
        public void renew() {}

        @Override
        public SortedMap<Integer, String> begun() {
            return begun;
        }

        @Override
        public String describeBegun(int index, String where) {
            return "froze " + where + " (freeze #" + index + ")";
        }

        @Override
        public List<Check> outcomeChecks(List<DrainAction> actions) {
            return List.of(Check.pass("frozen-as-predicted", "every freeze as predicted", actions.size() + " actions"));
        }

        @Override
        public List<Check> restoredChecks(List<DrainAction> actions) {
            return List.of(Check.of(
                    "all-thawed",
                    "nothing frozen at the end",
                    frozen + " frozen",
                    frozen.stream().map(n -> n + " is still frozen").toList(),
                    null));
        }
    }

    /** LabCluster's ensemble (zk-N on worker-N+1 of 4 nodes), Ready and serving whenever asked. */
    final class WellEnsemble implements DrilledEnsemble {
        final ClusterSnapshot snapshot = LabCluster.lab(4).snapshot();

        @Override
        public int replicas() {
            return 3;
        }

        @Override
        public ClusterSnapshot snapshot() {
            return snapshot;
        }

        @Override
        public Optional<String> nodeOf(String member) {
            return snapshot.pod(LabCluster.NS, member).map(p -> p.getSpec().getNodeName());
        }

        @Override
        public void awaitReady(Deadline deadline) {}

        @Override
        public List<String> settle(Deadline deadline) {
            return List.of();
        }

        @Override
        public void settleBudget(Deadline deadline) {}

        @Override
        public void awaitServing(String member, Deadline deadline) {
            calls.add("wait " + member);
        }

        @Override
        public void awaitNodeReady(String node, Deadline deadline) {
            calls.add("wait " + node);
        }

        @Override
        public List<MemberFacts> awaitQuorum(Deadline deadline) {
            return List.of(
                    new MemberFacts("zk-0", 1, "leader", 1, "3.9"),
                    new MemberFacts("zk-1", 2, "follower", 1, "3.9"),
                    new MemberFacts("zk-2", 3, "follower", 1, "3.9"));
        }
    }

    private DrillEngine engine(DrillOptions options) {
        return new DrillEngine(new DrillEngine.Setup(
                RUN,
                LabCluster.NS,
                options,
                new WellEnsemble(),
                null,
                List.of(freeze),
                new DrainMetrics(new SimpleMeterRegistry()),
                message -> {}));
    }

    /** A plan of the given actions, without the probe (it needs real members). */
    private static DrillOptions plan(DrillAction... actions) {
        return new DrillOptions(
                List.of(actions), Duration.ofSeconds(30), Duration.ofSeconds(120), false, true, false, 0, false);
    }

    private static Deadline deadline() {
        return Deadline.in(Duration.ofMinutes(1));
    }
}
