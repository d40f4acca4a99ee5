package dev.zklab.contracts.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** zklab's one validation of a run spec (plain JUnit): every bad field named with its fix, nothing else refused. */
class RunSpecValidatorTest {

    @Test
    void theLabsDefaultsAreValid() {
        assertThat(RunSpecValidator.validate(new RunSpec(null, null, null, null)))
                .isEmpty();
        assertThat(RunSpecValidator.ensemble(
                        new EnsembleSpec(5, "tutorial", Map.of("tickTime", "3000"), "standard-rwo", "1Gi", "lab")))
                .isEmpty();
    }

    @Test
    void everyBadEnsembleFieldIsNamedWithItsFix() {
        assertThat(RunSpecValidator.ensemble(new EnsembleSpec(0, "latest", null, "Fast!", "10 GB", "Zk_Lab")))
                .containsExactly(
                        new FieldError("ensemble.replicas", "must be from 1 to 9 members (the lab uses 3), got 0"),
                        new FieldError("ensemble.storageSize", "'10 GB' is not a Kubernetes quantity; write e.g. 10Gi"),
                        new FieldError(
                                "ensemble.storageClass", "'Fast!' is not a StorageClass name (the lab uses 'fast')"),
                        new FieldError(
                                "ensemble.namespace",
                                "'Zk_Lab' is not a namespace name: a DNS label (lower-case letters, digits,"
                                        + " '-', at most 63 characters)"),
                        new FieldError(
                                "ensemble.imageProfile",
                                "unknown image profile 'latest'; use 'current' (a current ZooKeeper)"
                                        + " or 'tutorial' (the lab's image)"));
    }

    @Test
    void theClustersOwnNamespacesAreNeverAnEnsembles() {
        for (String namespace : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
            assertThat(RunSpecValidator.ensemble(new EnsembleSpec(null, null, null, null, null, namespace)))
                    .as(namespace)
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.field()).isEqualTo("ensemble.namespace");
                        assertThat(e.message()).startsWith("'" + namespace + "' is a namespace of the cluster itself");
                    });
        }
        assertThat(RunSpecValidator.ensemble(new EnsembleSpec(null, null, null, null, null, "payments")))
                .isEmpty();
        assertThat(RunSpecValidator.ensemble(new EnsembleSpec(null, null, null, null, null, "kubernetes-lab")))
                .isEmpty();
    }

    @Test
    void zooKeeperSettingsAreCheckedForTheirProfile() {
        assertThat(settings("current", Map.of("dataDir", "/tmp")))
                .containsExactly(new FieldError(
                        "ensemble.zookeeper.dataDir",
                        "zklab sets 'dataDir' itself (the StatefulSet depends on it); remove it"));
        assertThat(settings("current", Map.of("tickTime", "fast", "heap", "lots")))
                .containsExactlyInAnyOrder(
                        new FieldError("ensemble.zookeeper.tickTime", "'fast' is not a whole number"),
                        new FieldError("ensemble.zookeeper.heap", "'lots' is not a heap size; write e.g. 512M or 1G"));
        assertThat(settings("tutorial", Map.of("globalOutstandingLimit", "10")))
                .containsExactly(new FieldError(
                        "ensemble.zookeeper.globalOutstandingLimit",
                        "the tutorial image's start-zookeeper has no flag for"
                                + " 'globalOutstandingLimit'; use imageProfile 'current' or one of [tickTime, initLimit, syncLimit,"
                                + " maxClientCnxns, autopurge.snapRetainCount, autopurge.purgeInterval, minSessionTimeout,"
                                + " maxSessionTimeout, heap, logLevel]"));
        assertThat(settings("current", Map.of("minSessionTimeout", "50000")))
                .containsExactly(new FieldError(
                        "ensemble.zookeeper.minSessionTimeout",
                        "50000 is above maxSessionTimeout 40000; lower it or raise maxSessionTimeout"));
        assertThat(settings("current", Map.of("bad key!", "1")))
                .extracting(FieldError::message)
                .containsExactly("not a ZooKeeper setting name (letters, digits and '.')");
        Map<String, String> blank = new HashMap<>();
        blank.put("tickTime", null);
        assertThat(settings("current", blank))
                .containsExactly(new FieldError("ensemble.zookeeper.tickTime", "needs a value"));
    }

    @Test
    void aGkeLocationIsAZoneOrARegionNeverAHostOrAUrl() {
        for (String location : List.of("europe-west1-c", "europe-west1", "us-central1-a")) {
            assertThat(RunSpecValidator.validate(
                            new RunSpec(new ClusterSpec("gke", "lab", location, null, null), null, null, null)))
                    .as(location)
                    .isEmpty();
        }
        for (String location : List.of(
                "https://container.googleapis.example", "10.0.0.1", "../europe-west1-c", "europe-west1-c.evil")) {
            assertThat(RunSpecValidator.validate(
                            new RunSpec(new ClusterSpec("gke", "lab", location, null, null), null, null, null)))
                    .as(location)
                    .containsExactly(
                            new FieldError(
                                    "cluster.location",
                                    "'" + location
                                            + "' is not a Google Cloud zone or region; write e.g. europe-west1-c or europe-west1"));
        }
    }

    @Test
    void aScaleTargetIsANumberOfMembers() {
        List<FieldError> errors = RunSpecValidator.validate(new RunSpec(
                null,
                null,
                List.of(
                        new StepSpec("scale", Map.of("replicas", "10")),
                        new StepSpec("scale", Map.of("replicas", " 5"))),
                null));
        assertThat(errors)
                .containsExactly(new FieldError(
                        "steps[0].params.replicas", "must be a number of members from 1 to 9, got '10'"));
    }

    private static List<FieldError> settings(String profile, Map<String, String> zookeeper) {
        return RunSpecValidator.ensemble(new EnsembleSpec(null, profile, zookeeper, null, null, null));
    }
}
