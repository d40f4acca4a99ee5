package dev.zklab.deployer.apply;

import dev.zklab.members.MemberAccess;
import dev.zklab.members.MemberAnswer;
import dev.zklab.members.MemberAnswers;
import dev.zklab.members.MemberFacts;
import dev.zklab.members.ServerStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** Waits until every member serves in one quorum with one leader; the members' own words are the evidence. */
public final class QuorumFormation {

    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(3);

    private final MemberAccess access;

    public QuorumFormation(MemberAccess access) {
        this.access = access;
    }

    public List<MemberFacts> await(int members, Deadline deadline) {
        List<Integer> ordinals = IntStream.range(0, members).boxed().toList();
        while (true) {
            List<MemberAnswer> answers = MemberAnswers.ask(access, ordinals, ASK_TIMEOUT);
            List<String> problems = new ArrayList<>();
            for (MemberAnswer answer : answers) {
                if (answer.error().isPresent()) {
                    problems.add(answer.error().get());
                } else if (!answer.serving()) {
                    problems.add(answer.pod() + " is not serving (no quorum)");
                }
            }
            long leaders = answers.stream().filter(a -> a.status().flatMap(ServerStatus::mode).filter("leader"::equals).isPresent()).count();
            if (problems.isEmpty() && leaders == 1) {
                return answers.stream().map(MemberFacts::of).toList();
            }
            if (problems.isEmpty()) {
                problems.add(leaders + " members say they lead");
            }
            if (deadline.passed()) {
                throw new RolloutFailedException("the members are Ready but did not form one quorum: " + String.join("; ", problems)
                        + " (reached via " + access.describe() + ")");
            }
            deadline.pause("the members to form a quorum");
        }
    }
}
