package dev.zklab.cli.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zklab.cli.BadInputException;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run spec from -f and --set: plain JUnit, the parsing and every refusal's words. */
class SpecInputTest {

    @TempDir
    Path dir;

    @Test
    void noFileIsTheWholeLabAndEachSetAddsAFieldTypedAsJsonWould() {
        assertThat(SpecInput.read(null, null, List.of())).hasToString("{}");
        ObjectNode spec = SpecInput.read(
                null,
                null,
                List.of(
                        "ensemble.replicas=5",
                        "ensemble.podDisruptionBudget=false",
                        "cluster.name=lab",
                        "options.keepCluster=true",
                        "ensemble.namespace=\"007\"",
                        "steps=[\"deploy\",\"verify\"]",
                        "ensemble.settings.tickTime=2000",
                        "ensemble.storageClass=null"));
        assertThat(spec)
                .hasToString("{\"ensemble\":{\"replicas\":5,\"podDisruptionBudget\":false,\"namespace\":\"007\","
                        + "\"settings\":{\"tickTime\":2000},\"storageClass\":null},\"cluster\":{\"name\":\"lab\"},\"options\":{\"keepCluster\":true},"
                        + "\"steps\":[\"deploy\",\"verify\"]}");
    }

    @Test
    void aFileIsReadAsJsonOrYamlAndSetsApplyOnTop() throws Exception {
        Path yaml = Files.writeString(dir.resolve("spec.yaml"), "ensemble:\n  replicas: 3\ncluster:\n  name: lab\n");
        assertThat(SpecInput.read(yaml, null, List.of("ensemble.replicas=5")))
                .hasToString("{\"ensemble\":{\"replicas\":5},\"cluster\":{\"name\":\"lab\"}}");
        Path json = Files.writeString(dir.resolve("spec"), "{\"steps\": [\"deploy\"]}");
        assertThat(SpecInput.read(json, null, List.of())).hasToString("{\"steps\":[\"deploy\"]}");
        assertThat(SpecInput.read(Path.of("-"), new ByteArrayInputStream("cluster: {name: x}".getBytes()), List.of()))
                .hasToString("{\"cluster\":{\"name\":\"x\"}}");
        assertThat(SpecInput.read(Files.writeString(dir.resolve("empty.yaml"), ""), null, List.of()))
                .hasToString("{}");
    }

    @Test
    void whatCannotBeReadOrAppliedIsRefusedSayingWhatToGive() throws Exception {
        assertThatThrownBy(() -> SpecInput.read(dir.resolve("none.json"), null, List.of()))
                .isInstanceOf(BadInputException.class)
                .hasMessage("-f " + dir.resolve("none.json")
                        + ": no such file; give the path of a run spec (JSON or YAML)");
        Path list = Files.writeString(dir.resolve("list.yaml"), "- deploy\n");
        assertThatThrownBy(() -> SpecInput.read(list, null, List.of()))
                .hasMessageStartingWith("-f " + list
                        + ": a run spec is an object (e.g. {\"ensemble\": {\"replicas\": 5}}), not a list");
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"ensemble\": ");
        assertThatThrownBy(() -> SpecInput.read(broken, null, List.of()))
                .hasMessageStartingWith("-f " + broken + ": not valid JSON: ");
        assertThatThrownBy(() -> SpecInput.read(null, null, List.of("replicas")))
                .hasMessage("--set replicas: give path=value," + " e.g. --set ensemble.replicas=5");
        assertThatThrownBy(() -> SpecInput.read(null, null, List.of("cluster.name=lab", "cluster.name.first=x")))
                .hasMessage(
                        "--set cluster.name.first=x: cluster.name is a string, not an object, so it has no field first");
        assertThatThrownBy(() -> SpecInput.read(null, null, List.of("steps[0]=deploy")))
                .hasMessageContaining("is not a dotted path");
        assertThatThrownBy(() -> SpecInput.read(null, null, List.of("steps=[\"deploy\"")))
                .hasMessageStartingWith("--set steps=[\"deploy\":" + " the value is not valid JSON");
    }
}
