package dev.zklab.common.run;

import java.util.List;

/** What a client asks zklab to run: which cluster, which ensemble, which steps, how. */
public record RunSpec(ClusterSpec cluster, EnsembleSpec ensemble, List<StepSpec> steps, RunOptions options) {

    /** The spec with every omitted value set to the lab's default; the run id names what the run creates. */
    public RunSpec withDefaults(String runId) {
        return new RunSpec(
                (cluster == null ? new ClusterSpec(null, null, null, null, null) : cluster).withDefaults(runId),
                (ensemble == null ? new EnsembleSpec(null, null, null, null, null, null) : ensemble).withDefaults(runId),
                steps == null || steps.isEmpty() ? Step.LAB.stream().map(s -> StepSpec.of(s.id())).toList() : List.copyOf(steps),
                (options == null ? new RunOptions(null, null, null, null) : options).withDefaults());
    }
}
