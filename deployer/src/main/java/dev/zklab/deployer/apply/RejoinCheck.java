package dev.zklab.deployer.apply;

/** Waits until a member that was just restarted serves in the quorum again; throws when it does not in time. */
@FunctionalInterface
public interface RejoinCheck {

    void await(int ordinal, Deadline deadline);
}
