package dev.zklab.verifier.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zklab.contracts.events.StepOutcome;
import dev.zklab.contracts.evidence.Check;
import dev.zklab.support.kubernetes.EnsembleNames;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The Kubernetes-level checks as pure functions: a healthy ensemble passes, each fault fails its own check. */
class KubernetesChecksTest {

    private static final String NS = "zk-test";
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void aHealthyEnsemblePassesEveryCheck() {
        List<Check> checks = KubernetesChecks.evaluate(snapshot(3, Map.of()), Optional.empty(), true);

        assertThat(checks)
                .extracting(Check::name)
                .containsExactly(
                        "replicas-ready",
                        "ordered-start",
                        "pod-identity",
                        "endpoints",
                        "storage",
                        "distinct-nodes",
                        "pdb");
        assertThat(checks)
                .allSatisfy(c -> assertThat(c.passed()).as(c.toString()).isTrue());
        assertThat(check(checks, "ordered-start").observed())
                .contains("zk-1 created 2026-11-27T10:00:12Z >= zk-0 Ready 2026-11-27T10:00:12Z");
    }

    @Test
    void aPodThatIsNotReadyIsNamedWithItsReason() {
        Map<Integer, Pod> pods = pods(3);
        pods.put(
                2,
                new PodBuilder(pods.get(2))
                        .editStatus()
                        .withConditions(List.of(new io.fabric8.kubernetes.api.model.PodConditionBuilder()
                                .withType("Ready")
                                .withStatus("False")
                                .withReason("ContainersNotReady")
                                .withLastTransitionTime(T0.toString())
                                .build()))
                        .endStatus()
                        .build());

        Check check = KubernetesChecks.replicasReady(snapshot(3, pods));

        assertThat(check.passed()).isFalse();
        assertThat(check.message()).contains("zk-2 is not Ready (phase Running; Ready: ContainersNotReady)");
    }

    @Test
    void aMemberCreatedBeforeItsPredecessorWasReadyFailsTheOrder() {
        Map<Integer, Pod> pods = pods(3);
        pods.put(
                1,
                new PodBuilder(pods.get(1))
                        .editMetadata()
                        .withCreationTimestamp(T0.plusSeconds(5).toString())
                        .endMetadata()
                        .build());

        Check check = KubernetesChecks.orderedStart(snapshot(3, pods), Optional.empty());

        assertThat(check.passed()).isFalse();
        assertThat(check.message())
                .contains("zk-1 was created at 2026-11-27T10:00:05Z, before zk-0 became Ready at 2026-11-27T10:00:12Z");
    }

    @Test
    void theDeployersTimelineIsJudgedAndAParallelPolicyFails() throws Exception {
        var evidence = new ObjectMapper().readTree("""
                {"timeline": [
                  {"pod": "zk-0", "what": "created", "seen": "2026-11-27T10:00:00.100Z"},
                  {"pod": "zk-1", "what": "created", "seen": "2026-11-27T10:00:00.200Z"},
                  {"pod": "zk-0", "what": "ready", "seen": "2026-11-27T10:00:11.000Z"}]}""");
        StatefulSet parallel = new StatefulSetBuilder(statefulSet(3))
                .editSpec()
                .withPodManagementPolicy("Parallel")
                .endSpec()
                .build();

        Check check = KubernetesChecks.orderedStart(
                snapshot(parallel, pods(3)), Optional.of(new StepOutcome("01-deploy", "deploy", evidence)));

        assertThat(check.passed()).isFalse();
        assertThat(check.message())
                .contains("podManagementPolicy is Parallel")
                .contains("zk-1 was created at 2026-11-27T10:00:00.200Z while zk-0 was not Ready");
        assertThat(check.observed()).contains("timeline of 01-deploy");
    }

    @Test
    void aReplacedPredecessorIsNotJudgedByTimestamps() {
        Map<Integer, Pod> pods = pods(3);
        pods.put(
                0,
                new PodBuilder(pods.get(0))
                        .editMetadata()
                        .withCreationTimestamp(T0.plusSeconds(600).toString())
                        .endMetadata()
                        .build());

        Check check = KubernetesChecks.orderedStart(snapshot(3, pods), Optional.empty());

        assertThat(check.passed()).isTrue();
        assertThat(check.observed()).contains("not judged: zk-0 was recreated");
    }

    @Test
    void aWrongHostnameOrSubdomainFailsTheIdentity() {
        Map<Integer, Pod> pods = pods(3);
        pods.put(
                1,
                new PodBuilder(pods.get(1))
                        .editSpec()
                        .withHostname("other")
                        .withSubdomain("zk-cs")
                        .endSpec()
                        .build());

        Check check = KubernetesChecks.podIdentity(snapshot(3, pods));

        assertThat(check.passed()).isFalse();
        assertThat(check.message()).contains("zk-1 has hostname other").contains("zk-1 has subdomain zk-cs");
    }

    @Test
    void aMemberMissingFromTheEndpointSlicesFails() {
        EnsembleSnapshot healthy = snapshot(3, Map.of());
        EnsembleSnapshot missing = new EnsembleSnapshot(
                NS, healthy.statefulSet(), healthy.pods(), healthy.claims(), List.of(endpointSlice(2)), healthy.pdb());

        Check check = KubernetesChecks.endpoints(missing);

        assertThat(check.passed()).isFalse();
        assertThat(check.message()).startsWith("no endpoint for zk-2");
    }

    @Test
    void aPendingClaimOrAForeignClaimFailsTheStorage() {
        Map<String, PersistentVolumeClaim> claims = claims(3);
        claims.put(
                "datadir-zk-1",
                new PersistentVolumeClaimBuilder(claims.get("datadir-zk-1"))
                        .editStatus()
                        .withPhase("Pending")
                        .endStatus()
                        .build());
        Map<Integer, Pod> pods = pods(3);
        pods.put(
                2,
                new PodBuilder(pods.get(2))
                        .editSpec()
                        .editFirstVolume()
                        .editPersistentVolumeClaim()
                        .withClaimName("datadir-zk-0")
                        .endPersistentVolumeClaim()
                        .endVolume()
                        .endSpec()
                        .build());
        EnsembleSnapshot healthy = snapshot(3, pods);

        Check check = KubernetesChecks.storage(
                new EnsembleSnapshot(NS, healthy.statefulSet(), pods, claims, healthy.endpointSlices(), healthy.pdb()));

        assertThat(check.passed()).isFalse();
        assertThat(check.message())
                .contains("datadir-zk-1 is Pending, not Bound")
                .contains("zk-2 mounts datadir-zk-0 as datadir, not datadir-zk-2");
    }

    @Test
    void twoMembersOnOneNodeFail() {
        Map<Integer, Pod> pods = pods(3);
        pods.put(
                2,
                new PodBuilder(pods.get(2))
                        .editSpec()
                        .withNodeName("node-0")
                        .endSpec()
                        .build());

        Check check = KubernetesChecks.distinctNodes(snapshot(3, pods));

        assertThat(check.passed()).isFalse();
        assertThat(check.message()).contains("zk-0 and zk-2 share node node-0");
    }

    @Test
    void aMissingPdbOrOneThatAllowsNoDisruptionFails() {
        EnsembleSnapshot healthy = snapshot(3, Map.of());
        Check missing = BudgetChecks.pdb(new EnsembleSnapshot(
                NS,
                healthy.statefulSet(),
                healthy.pods(),
                healthy.claims(),
                healthy.endpointSlices(),
                Optional.empty()));
        PodDisruptionBudget blocked = new PodDisruptionBudgetBuilder(pdb(3))
                .editStatus()
                .withCurrentHealthy(2)
                .withDisruptionsAllowed(0)
                .endStatus()
                .build();
        Check zero = BudgetChecks.pdb(new EnsembleSnapshot(
                NS,
                healthy.statefulSet(),
                healthy.pods(),
                healthy.claims(),
                healthy.endpointSlices(),
                Optional.of(blocked)));

        assertThat(missing.passed()).isFalse();
        assertThat(missing.message()).contains("PodDisruptionBudget zk-pdb is missing in namespace zk-test");
        assertThat(zero.passed()).isFalse();
        assertThat(zero.message())
                .contains(
                        "disruptionsAllowed is 0 (2 healthy, 2 needed): a drain of any member's node would be refused");
    }

    @Test
    void anEnsembleDeployedWithoutItsBudgetMustHaveNone() {
        EnsembleSnapshot withPdb = snapshot(3, Map.of());
        EnsembleSnapshot withoutPdb = new EnsembleSnapshot(
                NS,
                withPdb.statefulSet(),
                withPdb.pods(),
                withPdb.claims(),
                withPdb.endpointSlices(),
                Optional.empty());

        Check none = KubernetesChecks.evaluate(withoutPdb, Optional.empty(), false).stream()
                .filter(c -> c.name().equals(KubernetesChecks.PDB))
                .findFirst()
                .orElseThrow();
        Check left = BudgetChecks.noPdb(withPdb);

        assertThat(none.passed()).isTrue();
        assertThat(none.observed()).isEqualTo("none");
        assertThat(left.passed()).isFalse();
        assertThat(left.message())
                .contains("PodDisruptionBudget zk-pdb exists in namespace zk-test though the run deploys the"
                        + " ensemble without one");
    }

    @Test
    void afterTheDurabilityStepEveryClaimMustBeTheOneBefore() throws Exception {
        var evidence = new ObjectMapper().readTree("""
                {"claimsBefore": {"datadir-zk-0": "uid-0", "datadir-zk-1": "uid-1", "datadir-zk-2": "old-uid-2"}}""");

        List<Check> checks = KubernetesChecks.evaluate(
                snapshot(3, Map.of()), Optional.of(new StepOutcome("03-durability", "durability", evidence)), true);

        Check same = check(checks, "same-claims");
        assertThat(same.passed()).isFalse();
        assertThat(same.message()).contains("datadir-zk-2 is uid-2, was old-uid-2");
    }

    private static Check check(List<Check> checks, String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    // A healthy 3-member ensemble as the API server would show it: zk-N created 12 s after zk-(N-1), Ready 12 s later.

    private static EnsembleSnapshot snapshot(int replicas, Map<Integer, Pod> pods) {
        return snapshot(statefulSet(replicas), pods.isEmpty() ? pods(replicas) : pods);
    }

    private static EnsembleSnapshot snapshot(StatefulSet statefulSet, Map<Integer, Pod> pods) {
        int replicas = statefulSet.getSpec().getReplicas();
        return new EnsembleSnapshot(
                NS,
                statefulSet,
                pods,
                claims(replicas),
                IntStream.range(0, 1).mapToObj(i -> endpointSlice(replicas)).toList(),
                Optional.of(pdb(replicas)));
    }

    private static StatefulSet statefulSet(int replicas) {
        return new StatefulSetBuilder()
                .withNewMetadata()
                .withName("zk")
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withServiceName("zk-hs")
                .withPodManagementPolicy("OrderedReady")
                .endSpec()
                .withNewStatus()
                .withReadyReplicas(replicas)
                .endStatus()
                .build();
    }

    private static Map<Integer, Pod> pods(int replicas) {
        Map<Integer, Pod> pods = new TreeMap<>();
        for (int i = 0; i < replicas; i++) {
            Instant created = T0.plusSeconds(12L * i);
            pods.put(
                    i,
                    new PodBuilder()
                            .withNewMetadata()
                            .withName("zk-" + i)
                            .withNamespace(NS)
                            .withUid("pod-" + i)
                            .withCreationTimestamp(created.toString())
                            .withLabels(EnsembleNames.SELECTOR)
                            .endMetadata()
                            .withNewSpec()
                            .withHostname("zk-" + i)
                            .withSubdomain("zk-hs")
                            .withNodeName("node-" + i)
                            .addNewVolume()
                            .withName("datadir")
                            .withNewPersistentVolumeClaim()
                            .withClaimName("datadir-zk-" + i)
                            .endPersistentVolumeClaim()
                            .endVolume()
                            .endSpec()
                            .withNewStatus()
                            .withPhase("Running")
                            .withPodIP("10.245.0." + (10 + i))
                            .addNewCondition()
                            .withType("Ready")
                            .withStatus("True")
                            .withLastTransitionTime(created.plusSeconds(12).toString())
                            .endCondition()
                            .addNewContainerStatus()
                            .withName("zookeeper")
                            .withRestartCount(0)
                            .endContainerStatus()
                            .endStatus()
                            .build());
        }
        return pods;
    }

    private static Map<String, PersistentVolumeClaim> claims(int replicas) {
        Map<String, PersistentVolumeClaim> claims = new HashMap<>();
        for (int i = 0; i < replicas; i++) {
            claims.put(
                    "datadir-zk-" + i,
                    new PersistentVolumeClaimBuilder()
                            .withNewMetadata()
                            .withName("datadir-zk-" + i)
                            .withUid("uid-" + i)
                            .endMetadata()
                            .withNewSpec()
                            .withVolumeName("pv-" + i)
                            .endSpec()
                            .withNewStatus()
                            .withPhase("Bound")
                            .endStatus()
                            .build());
        }
        return claims;
    }

    private static EndpointSlice endpointSlice(int members) {
        EndpointSliceBuilder slice = new EndpointSliceBuilder()
                .withNewMetadata()
                .withName("zk-hs-abcde")
                .withNamespace(NS)
                .addToLabels("kubernetes.io/service-name", "zk-hs")
                .endMetadata()
                .withAddressType("IPv4");
        for (int i = 0; i < members; i++) {
            slice.addNewEndpoint()
                    .withAddresses("10.245.0." + (10 + i))
                    .withHostname("zk-" + i)
                    .withNewTargetRef()
                    .withKind("Pod")
                    .withName("zk-" + i)
                    .endTargetRef()
                    .endEndpoint();
        }
        return slice.build();
    }

    private static PodDisruptionBudget pdb(int replicas) {
        return new PodDisruptionBudgetBuilder()
                .withNewMetadata()
                .withName("zk-pdb")
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withMaxUnavailable(new IntOrString(1))
                .withNewSelector()
                .withMatchLabels(EnsembleNames.SELECTOR)
                .endSelector()
                .endSpec()
                .withNewStatus()
                .withExpectedPods(replicas)
                .withCurrentHealthy(replicas)
                .withDesiredHealthy(replicas - 1)
                .withDisruptionsAllowed(1)
                .endStatus()
                .build();
    }
}
