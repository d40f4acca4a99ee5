package dev.zklab.deployer.apply;

import dev.zklab.common.ensemble.EnsembleNames;
import dev.zklab.members.FourLetterWords;
import dev.zklab.members.MemberAccess;
import dev.zklab.members.ServerStatus;
import java.time.Duration;

/** A member has rejoined when it answers {@code srvr} with a mode (leader or follower): it serves in a quorum. */
public final class QuorumRejoin implements RejoinCheck {

    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(3);

    private final MemberAccess access;

    public QuorumRejoin(MemberAccess access) {
        this.access = access;
    }

    @Override
    public void await(int ordinal, Deadline deadline) {
        String last = "no answer yet";
        while (true) {
            try {
                ServerStatus status = ServerStatus.parse(FourLetterWords.ask(access, ordinal, "srvr", ASK_TIMEOUT));
                if (status.serving()) {
                    return;
                }
                last = "not serving requests (no quorum)";
            } catch (RuntimeException e) {
                last = e.getMessage();
            }
            if (deadline.passed()) {
                throw new RolloutFailedException(EnsembleNames.podName(ordinal) + " is Ready but did not rejoin the quorum: "
                        + last + "; see kubectl logs " + EnsembleNames.podName(ordinal));
            }
            deadline.pause(EnsembleNames.podName(ordinal) + " to rejoin the quorum");
        }
    }
}
