package dev.zklab.gateway.runs;

import dev.zklab.contracts.run.RunSpec;
import dev.zklab.contracts.run.Step;
import dev.zklab.contracts.run.StepSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The steps a run will take: the spec's steps in order, then the cleanup steps the run needs. */
final class RunPlan {

    private RunPlan() {}

    static List<StepState> of(RunSpec spec) {
        List<StepState> steps = new ArrayList<>();
        for (StepSpec s : spec.steps()) {
            Step step = Step.byId(s.name()).orElseThrow(() -> new IllegalArgumentException("unknown step " + s.name()));
            steps.add(new StepState(
                    id(steps.size() + 1, step),
                    step,
                    params(spec, step, s.params()),
                    spec.options().timeoutOf(step.id())));
        }
        // Nodes cordoned by a drill are uncordoned whatever happens to the run.
        if (steps.stream().anyMatch(s -> s.step == Step.DRAIN)) {
            steps.add(new StepState(
                    id(steps.size() + 1, Step.UNCORDON),
                    Step.UNCORDON,
                    Map.of(),
                    spec.options().timeoutOf(Step.UNCORDON.id())));
        }
        // Every run cleans up after itself: a cluster it created goes, on any other only what it made there.
        if (!Boolean.TRUE.equals(spec.options().keepCluster())) {
            steps.add(new StepState(
                    id(steps.size() + 1, Step.TEARDOWN),
                    Step.TEARDOWN,
                    Map.of(),
                    spec.options().timeoutOf(Step.TEARDOWN.id())));
        }
        return steps;
    }

    /** A provision-cluster step is told the run's node count (the spec's cluster.nodes), unless its params say otherwise. */
    private static Map<String, String> params(RunSpec spec, Step step, Map<String, String> params) {
        if (step != Step.PROVISION_CLUSTER || params.containsKey("nodes")) {
            return params;
        }
        Map<String, String> withNodes = new TreeMap<>(params);
        withNodes.put("nodes", Integer.toString(spec.cluster().nodes()));
        return withNodes;
    }

    private static String id(int index, Step step) {
        return String.format("%02d-%s", index, step.id());
    }
}
