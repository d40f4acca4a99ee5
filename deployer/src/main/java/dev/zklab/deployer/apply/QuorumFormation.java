package dev.zklab.deployer.apply;

import dev.zklab.members.MemberAccess;
import dev.zklab.members.MemberFacts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Waits until every member serves in one quorum with one leader; the members' own words are the evidence. */
public final class QuorumFormation {

    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(3);

    private final MemberAccess access;

    public QuorumFormation(MemberAccess access) {
        this.access = access;
    }

    public List<MemberFacts> await(int members, Deadline deadline) {
        String last = "";
        while (true) {
            List<MemberFacts> facts = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (int ordinal = 0; ordinal < members; ordinal++) {
                try {
                    MemberFacts member = MemberFacts.ask(access, ordinal, ASK_TIMEOUT);
                    facts.add(member);
                    if (!member.serving()) {
                        problems.add(member.pod() + " is not serving (no quorum)");
                    }
                } catch (RuntimeException e) {
                    problems.add(e.getMessage());
                }
            }
            long leaders = facts.stream().filter(f -> f.mode().filter("leader"::equals).isPresent()).count();
            if (problems.isEmpty() && leaders == 1) {
                return facts;
            }
            if (problems.isEmpty()) {
                problems.add(leaders + " members say they lead");
            }
            last = String.join("; ", problems);
            if (deadline.passed()) {
                throw new RolloutFailedException("the members are Ready but did not form one quorum: " + last
                        + " (reached via " + access.describe() + ")");
            }
            deadline.pause("the members to form a quorum");
        }
    }
}
