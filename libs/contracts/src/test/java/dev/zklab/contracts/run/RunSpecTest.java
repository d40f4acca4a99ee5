package dev.zklab.contracts.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zklab.contracts.events.EventCodec;
import org.junit.jupiter.api.Test;

/** A run spec's defaults are the lab's; steps parse from names or objects. */
class RunSpecTest {

    @Test
    void emptySpecIsTheWholeLab() {
        RunSpec spec = new RunSpec(null, null, null, null).withDefaults("0123456789abcdef");

        assertThat(spec.cluster().provider()).isEqualTo("local");
        assertThat(spec.cluster().name()).isEqualTo("zklab-01234567");
        assertThat(spec.ensemble().replicas()).isEqualTo(3);
        assertThat(spec.ensemble().imageProfile()).isEqualTo("current");
        assertThat(spec.ensemble().storageClass()).isEqualTo("fast");
        assertThat(spec.ensemble().storageSize()).isEqualTo("10Gi");
        assertThat(spec.ensemble().namespace()).isEqualTo("zk-01234567");
        assertThat(spec.steps())
                .extracting(StepSpec::name)
                .containsExactly(
                        "provision-cluster",
                        "setup-storage",
                        "deploy",
                        "verify",
                        "durability",
                        "verify",
                        "scale",
                        "verify",
                        "scale",
                        "verify",
                        "drain",
                        "verify");
        assertThat(spec.steps())
                .filteredOn(s -> s.name().equals("scale"))
                .extracting(s -> s.params().get("replicas"))
                .as("up by two and back")
                .containsExactly("5", "3");
        assertThat(spec.cluster().nodes())
                .as("a node per member of the grown ensemble")
                .isEqualTo(5);
        assertThat(spec.options().keepCluster()).isFalse();
        assertThat(spec.options().timeoutOf("deploy")).isEqualTo(600);
    }

    @Test
    void clusterOfARunThatGrowsItsEnsembleHasANodePerMember() throws Exception {
        RunSpec grows = EventCodec.mapper().readValue("""
                {"steps": ["provision-cluster", "deploy", {"name": "scale", "params": {"replicas": "5"}}]}""", RunSpec.class);
        RunSpec big = EventCodec.mapper().readValue("""
                {"ensemble": {"replicas": 7}}""", RunSpec.class);
        RunSpec told = EventCodec.mapper().readValue("""
                {"cluster": {"nodes": 2}, "steps": [{"name": "scale", "params": {"replicas": "5"}}]}""", RunSpec.class);

        assertThat(grows.withDefaults("run-1").cluster().nodes()).isEqualTo(5);
        assertThat(big.withDefaults("run-1").cluster().nodes())
                .as("the lab grows 7 members to 9")
                .isEqualTo(9);
        assertThat(told.withDefaults("run-1").cluster().nodes())
                .as("what the client asks for stays")
                .isEqualTo(2);
    }

    @Test
    void theTutorialProfilesLabDoesNotScale() {
        RunSpec tutorial = new RunSpec(null, new EnsembleSpec(null, "tutorial", null, null, null, null), null, null)
                .withDefaults("0123456789abcdef");

        assertThat(tutorial.steps())
                .extracting(StepSpec::name)
                .doesNotContain("scale")
                .endsWith("drain", "verify");
        assertThat(tutorial.cluster().nodes()).isEqualTo(4);
    }

    @Test
    void stepsParseFromNamesAndObjects() throws Exception {
        RunSpec spec = EventCodec.mapper().readValue("""
                {"steps": ["deploy", {"name": "scale", "params": {"replicas": "5"}}]}""", RunSpec.class);

        assertThat(spec.steps())
                .containsExactly(StepSpec.of("deploy"), new StepSpec("scale", java.util.Map.of("replicas", "5")));
    }
}
