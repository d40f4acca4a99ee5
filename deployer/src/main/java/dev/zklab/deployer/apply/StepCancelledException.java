package dev.zklab.deployer.apply;

/** The run was cancelled while the step waited; what was applied stays, the next step is not run. */
public class StepCancelledException extends RuntimeException {

    public StepCancelledException(String message) {
        super(message);
    }
}
