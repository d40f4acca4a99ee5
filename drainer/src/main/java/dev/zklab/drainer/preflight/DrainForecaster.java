package dev.zklab.drainer.preflight;

import dev.zklab.contracts.evidence.DrainEvidence.DrainForecast;
import dev.zklab.drainer.drain.PodFilters;
import dev.zklab.drainer.plan.DrillAction;
import java.util.List;

/** A drain predicted: its node cordoned in the simulation and each pod's fate played; an uncordon only of a node a drain cordoned. */
public final class DrainForecaster implements Forecaster {

    private final PodFilters.Options filters;

    public DrainForecaster(PodFilters.Options filters) {
        this.filters = filters;
    }

    @Override
    public String verb() {
        return DrillAction.DRAIN;
    }

    @Override
    public String undoVerb() {
        return DrillAction.UNCORDON;
    }

    @Override
    public DrainForecast predict(DrillAction action, String node, DrainSimulator simulation) {
        if (node == null) {
            return new DrainForecast(action.toString(), null, List.of());
        }
        return simulation.drain(action.toString(), node, filters);
    }

    @Override
    public void predictUndo(String target, DrainSimulator simulation) {
        simulation.uncordonDrained(target);
    }
}
