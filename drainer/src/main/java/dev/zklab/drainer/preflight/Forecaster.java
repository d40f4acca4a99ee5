package dev.zklab.drainer.preflight;

import dev.zklab.contracts.evidence.DrainEvidence.DrainForecast;
import dev.zklab.drainer.plan.DrillAction;

/** How one kind of disruption is predicted: played on the simulated cluster, which it changes as it would the real one. */
public interface Forecaster {

    /** The plan's verb for the disruption ({@code drain}). */
    String verb();

    /** The plan's verb for undoing one ({@code uncordon}). */
    String undoVerb();

    /**
     * What the action would do, on {@code node} (where its member runs, or the node it names; {@code null} when its
     * member is on no node).
     */
    DrainForecast predict(DrillAction action, String node, DrainSimulator simulation);

    /** Plays the undoing of one ({@code target}) or, target {@code null}, of every one the drill made. */
    void predictUndo(String target, DrainSimulator simulation);
}
