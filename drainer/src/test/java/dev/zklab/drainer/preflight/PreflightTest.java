package dev.zklab.drainer.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zklab.contracts.evidence.DrainEvidence.DrainForecast;
import dev.zklab.contracts.evidence.DrainEvidence.Fate;
import dev.zklab.contracts.evidence.DrainEvidence.PodForecast;
import dev.zklab.drainer.plan.DrillOptions;
import dev.zklab.drainer.plan.InvalidDrillException;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The preflight's predictions on lab-shaped cluster states: the lab's drill on 4 and 5 nodes, custom plans, kubectl's refusals. */
class PreflightTest {

    static final DrillOptions LAB = DrillOptions.of(Map.of());

    @Test
    void onTheLabsFourNodesZk0MovesZk1StaysPendingAndZk2IsBlocked() {
        List<DrainForecast> drains = Preflight.predict(LAB, LabCluster.lab(4).snapshot(), LabCluster.NS, 3);

        assertThat(drains).extracting(DrainForecast::action).containsExactly("drain zk-0", "drain zk-1", "drain zk-2");
        assertThat(drains).extracting(DrainForecast::node).containsExactly("worker-1", "worker-2", "worker-3");
        assertThat(reasons(drains))
                .containsExactly(
                        "zk-0 moves (worker-4 fits)",
                        "zk-1 stays Pending: no schedulable node satisfies its anti-affinity (4 nodes: 2 cordoned, 2 violate its anti-affinity)",
                        "blocked by zk-pdb: needs 2 healthy pods, has 2");
        assertThat(fates(drains)).containsExactly(Fate.MOVES, Fate.PENDING, Fate.BLOCKED);
    }

    @Test
    void onFiveNodesOneMoreMemberMovesFirst() {
        List<DrainForecast> drains = Preflight.predict(LAB, LabCluster.lab(5).snapshot(), LabCluster.NS, 3);

        assertThat(drains)
                .extracting(DrainForecast::action)
                .containsExactly("drain zk-0", "drain zk-1", "drain zk-2", "drain zk-0");
        assertThat(fates(drains)).containsExactly(Fate.MOVES, Fate.MOVES, Fate.PENDING, Fate.BLOCKED);
        assertThat(reasons(drains).get(0)).isEqualTo("zk-0 moves (worker-4, worker-5 fit)");
        assertThat(reasons(drains).get(1)).isEqualTo("zk-1 moves (worker-5 fits)");
        // zk-0 moved to worker-4 (the emptiest first, then by name): its second drain is of worker-4.
        assertThat(drains.get(3).node()).isEqualTo("worker-4");
    }

    @Test
    void aNodeCordonedBeforehandCountsAsGoneForTheDrill() {
        LabCluster cluster = LabCluster.lab(5);
        cluster.nodes.set(4, LabCluster.node("worker-5", true));

        assertThat(fates(Preflight.predict(LAB, cluster.snapshot(), LabCluster.NS, 3)))
                .containsExactly(Fate.MOVES, Fate.PENDING, Fate.BLOCKED);
    }

    @Test
    void twoPodsOfOneBudgetOnOneNodeGoOneAtATime() {
        LabCluster cluster = LabCluster.lab(4);
        // zk-1 without its anti-affinity on worker-1 beside zk-0; a budget that allows one disruption.
        cluster.pods.set(
                1,
                new PodBuilder(LabCluster.member(1, "worker-1"))
                        .editSpec()
                        .withAffinity(null)
                        .endSpec()
                        .build());

        DrainForecast drain = Preflight.predict(
                        DrillOptions.of(Map.of("plan", "drain worker-1")), cluster.snapshot(), LabCluster.NS, 3)
                .get(0);

        // zk-0's replacement goes to worker-2 or worker-4; once it is Ready the budget allows zk-1's eviction.
        assertThat(drain.pods()).extracting(PodForecast::fate).containsExactly(Fate.MOVES, Fate.MOVES);
        cluster.budgets.set(0, LabCluster.pdb(2, 2));
        DrainForecast tight = Preflight.predict(
                        DrillOptions.of(Map.of("plan", "drain worker-1")), cluster.snapshot(), LabCluster.NS, 3)
                .get(0);
        assertThat(tight.pods()).extracting(PodForecast::fate).containsExactly(Fate.BLOCKED, Fate.BLOCKED);
    }

    @Test
    void taintsAndRequestsKeepAReplacementOffANode() {
        LabCluster cluster = LabCluster.lab(4);
        cluster.nodes.get(3).getSpec().setTaints(List.of(new Taint("NoSchedule", "dedicated", null, "db")));
        DrainForecast tainted = Preflight.predict(
                        DrillOptions.of(Map.of("plan", "drain zk-0")), cluster.snapshot(), LabCluster.NS, 3)
                .get(0);
        assertThat(tainted.pods().get(0).reason())
                .isEqualTo("zk-0 stays Pending: no node fits (4 nodes: 1 cordoned,"
                        + " 1 have the untolerated taint dedicated=db:NoSchedule, 2 violate its anti-affinity)");

        LabCluster small = LabCluster.lab(4);
        small.nodes
                .get(3)
                .getStatus()
                .setAllocatable(Map.of("cpu", new Quantity("250m"), "memory", new Quantity("8Gi")));
        assertThat(Preflight.predict(DrillOptions.of(Map.of("plan", "drain zk-0")), small.snapshot(), LabCluster.NS, 3)
                        .get(0)
                        .pods()
                        .get(0)
                        .reason())
                .contains("1 have insufficient cpu");
    }

    @Test
    void aNodeHoldingAnotherWorkloadsPodIsRefusedWithThePodAndItsOwnerUnlessOthersMayBeEvicted() {
        LabCluster cluster = LabCluster.lab(4);
        cluster.pods.add(LabCluster.othersPod("payments", "api-5d4-x2", "worker-1", "ReplicaSet", "api-5d4"));

        DrainForecast refused = Preflight.predict(
                        DrillOptions.of(Map.of("plan", "drain zk-0")), cluster.snapshot(), LabCluster.NS, 3)
                .get(0);
        assertThat(refused.pods())
                .extracting(PodForecast::pod, PodForecast::fate)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("api-5d4-x2", Fate.REFUSED),
                        org.assertj.core.groups.Tuple.tuple("zk-0", Fate.REFUSED));
        assertThat(refused.pods().get(0).reason())
                .isEqualTo("cannot evict a Pod zklab did not make (namespace payments,"
                        + " owner ReplicaSet api-5d4; an admin may set evictOthers to evict it)");

        DrainForecast allowed = Preflight.predict(
                        DrillOptions.of(Map.of("plan", "drain zk-0", "evictOthers", "true")),
                        cluster.snapshot(),
                        LabCluster.NS,
                        3)
                .get(0);
        assertThat(allowed.pods()).extracting(PodForecast::fate).containsExactly(Fate.MOVES, Fate.MOVES);
        assertThat(allowed.pods().get(0).reason())
                .endsWith("; evicting a Pod zklab did not make (namespace payments, owner" + " ReplicaSet api-5d4)");
        assertThat(allowed.pods().get(1).reason()).doesNotContain("zklab did not make");
        // On a cluster the run made, every pod on its nodes is the run's to disturb, and each is still named.
        assertThat(Preflight.predict(
                                DrillOptions.of(Map.of("plan", "drain zk-0")).onClusterMadeByRun(true),
                                cluster.snapshot(),
                                LabCluster.NS,
                                3)
                        .get(0))
                .isEqualTo(allowed);
    }

    @Test
    void kubectlsFiltersRefuseTheDrainOfANodeWithAPodWithoutController() {
        LabCluster cluster = LabCluster.lab(4);
        cluster.pods.add(LabCluster.othersPod("default", "bare", "worker-1", null, null));
        cluster.pods.add(LabCluster.othersPod("kube-system", "agent", "worker-1", "DaemonSet", "agent"));
        cluster.daemonSets.add("kube-system/agent");

        // kubectl's filters, with other workloads' pods the run's to evict (as on a cluster it made).
        DrainForecast refused = Preflight.predict(
                        DrillOptions.of(Map.of("plan", "drain worker-1", "evictOthers", "true")),
                        cluster.snapshot(),
                        LabCluster.NS,
                        3)
                .get(0);
        assertThat(refused.pods())
                .extracting(PodForecast::pod, PodForecast::fate)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("bare", Fate.REFUSED),
                        org.assertj.core.groups.Tuple.tuple("zk-0", Fate.REFUSED));
        assertThat(refused.pods())
                .filteredOn(p -> p.pod().equals("bare"))
                .first()
                .extracting(PodForecast::reason)
                .isEqualTo("cannot delete Pods that declare no controller (use force to override)");

        DrainForecast forced = Preflight.predict(
                        DrillOptions.of(Map.of("plan", "drain worker-1", "force", "true", "evictOthers", "true")),
                        cluster.snapshot(),
                        LabCluster.NS,
                        3)
                .get(0);
        assertThat(forced.pods())
                .extracting(PodForecast::pod, PodForecast::fate)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("bare", Fate.REMOVED),
                        org.assertj.core.groups.Tuple.tuple("agent", Fate.SKIPPED),
                        org.assertj.core.groups.Tuple.tuple("zk-0", Fate.MOVES));
    }

    @Test
    void aPlanNamingUnknownMembersOrNodesIsRefusedWithWhatExists() {
        assertThatThrownBy(() -> Preflight.predict(
                        DrillOptions.of(Map.of("plan", "drain zk-7, uncordon worker-9")),
                        LabCluster.lab(4).snapshot(),
                        LabCluster.NS,
                        3))
                .isInstanceOf(InvalidDrillException.class)
                .hasMessageContaining("names unknown member zk-7; the ensemble in zk-lab has zk-0..zk-2")
                .hasMessageContaining(
                        "names unknown node worker-9; the cluster's nodes are [worker-1, worker-2, worker-3, worker-4]");
    }

    @Test
    void aCustomPlanSeesWhatItsEarlierActionsDid() {
        List<DrainForecast> drains = Preflight.predict(
                DrillOptions.of(Map.of("plan", "drain zk-0; drain zk-1; uncordon; drain zk-1")),
                LabCluster.lab(4).snapshot(),
                LabCluster.NS,
                3);
        assertThat(fates(drains)).containsExactly(Fate.MOVES, Fate.PENDING, Fate.MOVES);
    }

    private static List<Fate> fates(List<DrainForecast> drains) {
        return drains.stream()
                .flatMap(d -> d.pods().stream())
                .map(PodForecast::fate)
                .toList();
    }

    private static List<String> reasons(List<DrainForecast> drains) {
        return drains.stream()
                .flatMap(d -> d.pods().stream())
                .map(PodForecast::reason)
                .toList();
    }
}
