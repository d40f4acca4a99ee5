package dev.zklab.contracts.run;

import java.util.List;

/** What a client asks zklab to run: which cluster, which ensemble, which steps, how. */
public record RunSpec(ClusterSpec cluster, EnsembleSpec ensemble, List<StepSpec> steps, RunOptions options) {

    /** The spec with every omitted value set to the lab's default; the run id names what the run creates. */
    public RunSpec withDefaults(String runId) {
        EnsembleSpec ensembleWithDefaults = (ensemble == null
                        ? new EnsembleSpec(null, null, null, null, null, null)
                        : ensemble)
                .withDefaults(runId);
        List<StepSpec> stepsWithDefaults = steps == null || steps.isEmpty()
                ? Step.lab(ensembleWithDefaults.replicas(), ensembleWithDefaults.imageProfile())
                : List.copyOf(steps);
        return new RunSpec(
                (cluster == null ? new ClusterSpec(null, null, null, null, null) : cluster)
                        .withDefaults(runId, largestEnsemble(ensembleWithDefaults, stepsWithDefaults)),
                ensembleWithDefaults,
                stepsWithDefaults,
                (options == null ? new RunOptions(null, null, null, null) : options).withDefaults());
    }

    /** The most members the run's ensemble will have: as deployed, or as a scale step makes it. */
    private static int largestEnsemble(EnsembleSpec ensemble, List<StepSpec> steps) {
        int largest = ensemble.replicas() == null ? 0 : ensemble.replicas();
        for (StepSpec step : steps) {
            if (step != null
                    && Step.SCALE.id().equals(step.name())
                    && step.params().get("replicas") != null) {
                try {
                    largest = Math.max(
                            largest,
                            Integer.parseInt(step.params().get("replicas").strip()));
                } catch (NumberFormatException e) {
                    // the validator names it; a default is no place to fail
                }
            }
        }
        return largest;
    }
}
