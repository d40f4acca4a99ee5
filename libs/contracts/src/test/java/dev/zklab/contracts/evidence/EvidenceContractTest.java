package dev.zklab.contracts.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zklab.contracts.events.EventCodec;
import dev.zklab.contracts.events.StepOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The evidence records against golden samples of what the deployer and the verifier have written:
 * each parses into its record and back without losing a field, and older or shorter payloads still
 * parse (fields a record does not know are ignored, missing ones are null).
 */
class EvidenceContractTest {

    @Test
    void deployEvidenceRoundTrips() throws IOException {
        JsonNode golden = golden("deploy");
        DeployEvidence deploy = new StepOutcome("01-deploy", "deploy", golden)
                .evidence(DeployEvidence.class)
                .orElseThrow();

        assertThat(deploy.timeline())
                .extracting(t -> t.pod() + " " + t.what())
                .containsExactly(
                        "zk-0 created", "zk-0 ready", "zk-1 created", "zk-1 ready", "zk-2 created", "zk-2 ready");
        assertThat(deploy.timeline().get(0).seen()).isEqualTo(Instant.parse("2026-11-27T10:00:01.204Z"));
        assertThat(deploy.members()).extracting(MemberFacts::pod).containsExactly("zk-0", "zk-1", "zk-2");
        assertThat(deploy.members())
                .filteredOn(MemberFacts::leads)
                .extracting(MemberFacts::pod)
                .containsExactly("zk-1");
        assertThat(roundTrip(deploy)).isEqualTo(golden);
    }

    @Test
    void durabilityAndVerifyEvidenceRoundTrip() throws IOException {
        DurabilityEvidence durability =
                Evidence.read(golden("durability"), DurabilityEvidence.class).orElseThrow();
        assertThat(durability.claimsBefore()).containsEntry("datadir-zk-2", "c-2");
        assertThat(durability.marker().equal()).isTrue();
        assertThat(roundTrip(durability)).isEqualTo(golden("durability"));

        VerifyEvidence verify =
                Evidence.read(golden("verify"), VerifyEvidence.class).orElseThrow();
        assertThat(verify.checks()).extracting(Check::name).containsExactly("one-leader", "pdb");
        assertThat(verify.checks().get(1).message()).startsWith("PodDisruptionBudget zk-pdb is missing");
        assertThat(roundTrip(verify)).isEqualTo(golden("verify"));
    }

    @Test
    void drainEvidenceRoundTrips() throws IOException {
        JsonNode golden = golden("drain");
        DrainEvidence drain = Evidence.read(golden, DrainEvidence.class).orElseThrow();

        assertThat(drain.preflight())
                .extracting(f -> f.pods().get(0).fate())
                .containsExactly(DrainEvidence.Fate.MOVES, DrainEvidence.Fate.PENDING, DrainEvidence.Fate.BLOCKED);
        assertThat(drain.actions().get(2).refusals().get(0).message())
                .isEqualTo("The disruption budget zk-pdb needs 2 healthy pods and has 2 currently");
        assertThat(drain.actions().get(1).pods().get(0).matched()).isTrue();
        assertThat(drain.probe().set().lost()).isZero();
        assertThat(drain.probe().phases().get(1).longestWriteGapMs()).isEqualTo(3200);
        assertThat(drain.resumed()).isNull();
        assertThat(roundTrip(drain)).isEqualTo(golden);
    }

    @Test
    void provisionerEvidenceRoundTrips() throws IOException {
        ClusterEvidence cluster =
                Evidence.read(golden("cluster"), ClusterEvidence.class).orElseThrow();
        assertThat(cluster.origin()).isEqualTo(ClusterEvidence.Origin.CONFIGURED);
        assertThat(cluster.checks())
                .filteredOn(c -> !c.passed())
                .extracting(Check::name)
                .containsExactly("permissions");
        assertThat(roundTrip(cluster)).isEqualTo(golden("cluster"));

        StorageEvidence storage =
                Evidence.read(golden("storage"), StorageEvidence.class).orElseThrow();
        assertThat(storage.withConsumerPod()).isTrue();
        assertThat(storage.bindMillis()).isEqualTo(7412);
        assertThat(roundTrip(storage)).isEqualTo(golden("storage"));

        TeardownEvidence teardown =
                Evidence.read(golden("teardown"), TeardownEvidence.class).orElseThrow();
        assertThat(teardown.clusterDeleted()).isTrue();
        assertThat(roundTrip(teardown)).isEqualTo(golden("teardown"));
    }

    @Test
    void olderAndShorterPayloadsStillParse() throws IOException {
        // The tutorial profile's deploy asks no member; a timestamp written as epoch seconds still reads.
        DeployEvidence tutorial = Evidence.read(EventCodec.mapper().readTree("""
                {"namespace": "zk-t", "profile": "tutorial", "replicas": 3, "orderedReady": true, "futureField": 1,
                 "timeline": [{"pod": "zk-0", "what": "created", "seen": 1795255201.204}]}"""), DeployEvidence.class)
                .orElseThrow();
        assertThat(tutorial.members()).isNull();
        assertThat(tutorial.timeline().get(0).seen()).isEqualTo(Instant.parse("2026-11-21T10:00:01.204Z"));
        assertThat(new StepOutcome("03-deploy", "deploy", null).evidence(DeployEvidence.class))
                .isEmpty();
        assertThat(Evidence.read(EventCodec.mapper().readTree("{}"), DurabilityEvidence.class)
                        .orElseThrow()
                        .claimsBefore())
                .isNull();
    }

    /** The record as JSON, read back as a tree (so that numbers compare as written, not by Java type). */
    private static JsonNode roundTrip(Object evidence) throws IOException {
        return EventCodec.mapper().readTree(EventCodec.mapper().writeValueAsString(evidence));
    }

    private static JsonNode golden(String name) throws IOException {
        try (InputStream in = EvidenceContractTest.class.getResourceAsStream("/golden/evidence/" + name + ".json")) {
            assertThat(in).as("golden evidence %s", name).isNotNull();
            return EventCodec.mapper().readTree(in);
        }
    }
}
