package dev.zklab.contracts.events;

/** An event about one attempt of one step of a run. */
public interface StepEvent {

    String runId();

    /** The step's id within its run, e.g. {@code 03-deploy}. */
    String stepId();

    int attempt();
}
