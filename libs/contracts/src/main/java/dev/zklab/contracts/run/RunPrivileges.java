package dev.zklab.contracts.run;

import dev.zklab.contracts.security.Roles;
import java.util.ArrayList;
import java.util.List;

/**
 * What in a run spec only an {@value Roles#ADMIN} may ask for: keeping a cluster the run made (it goes on costing and
 * holding data), a drill that forces (it deletes pods past their PodDisruptionBudget), and one that evicts other
 * workloads' pods from the nodes it drains.
 */
public final class RunPrivileges {

    /** The drain step's parameter that deletes pods past their budget once blocked. */
    public static final String DRAIN_FORCE = "force";
    /** The drain step's parameter that evicts other workloads' pods from the nodes it drains. */
    public static final String DRAIN_EVICT_OTHERS = "evictOthers";

    private RunPrivileges() {}

    /** The fields of {@code spec} that need the admin role, each saying why; empty when an operator may run it. */
    public static List<FieldError> adminOnly(RunSpec spec) {
        List<FieldError> fields = new ArrayList<>();
        if (spec.options() != null && Boolean.TRUE.equals(spec.options().keepCluster())) {
            fields.add(new FieldError(
                    "options.keepCluster",
                    "keeping a cluster needs the admin role; leave it out and the" + " run tears its cluster down"));
        }
        List<StepSpec> steps = spec.steps() == null ? List.of() : spec.steps();
        for (int i = 0; i < steps.size(); i++) {
            StepSpec step = steps.get(i);
            if (step != null
                    && Step.DRAIN.id().equals(step.name())
                    && "true".equalsIgnoreCase(step.params().get(DRAIN_FORCE))) {
                fields.add(
                        new FieldError(
                                "steps[" + i + "].params." + DRAIN_FORCE,
                                "a drill that deletes pods past their"
                                        + " PodDisruptionBudget needs the admin role; leave force out and the drill waits for the budget"));
            }
            if (step != null
                    && Step.DRAIN.id().equals(step.name())
                    && "true".equalsIgnoreCase(step.params().get(DRAIN_EVICT_OTHERS))) {
                fields.add(
                        new FieldError(
                                "steps[" + i + "].params." + DRAIN_EVICT_OTHERS,
                                "a drill that evicts other workloads'"
                                        + " pods needs the admin role; leave evictOthers out and the drill refuses a node that holds any"));
            }
        }
        return fields;
    }
}
