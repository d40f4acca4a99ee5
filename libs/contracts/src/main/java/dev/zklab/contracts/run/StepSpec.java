package dev.zklab.contracts.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One step of a run: its name (see {@link Step}) and optional parameters (e.g. {@code replicas} of
 * a scale step). In JSON either {@code "verify"} or {@code {"name": "scale", "params": {"replicas": "5"}}}.
 */
public record StepSpec(String name, Map<String, String> params) {

    public StepSpec {
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static StepSpec of(String name) {
        return new StepSpec(name, Map.of());
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public static StepSpec of(@JsonProperty("name") String name, @JsonProperty("params") Map<String, String> params) {
        return new StepSpec(name, params);
    }
}
