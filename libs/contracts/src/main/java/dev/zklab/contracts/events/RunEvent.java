package dev.zklab.contracts.events;

/** The payload of every zklab command and lifecycle event: each belongs to one run. */
public sealed interface RunEvent
        permits RunRequested,
                RunCancelled,
                RunCompleted,
                StepRequested,
                StepStarted,
                StepProgress,
                StepSucceeded,
                StepFailed {

    String runId();
}
