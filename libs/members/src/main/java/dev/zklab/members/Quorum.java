package dev.zklab.members;

import dev.zklab.contracts.evidence.MemberFacts;
import dev.zklab.support.kubernetes.EnsembleNames;
import dev.zklab.support.wait.Deadline;
import dev.zklab.support.wait.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The one way zklab asks about an ensemble's quorum, always through {@link MemberAnswers} (every
 * member asked at once, each question bounded): which members serve, and waiting until a member has
 * rejoined, until all formed one quorum with one leader, or until all hold the same membership.
 */
public final class Quorum {

    /** How long one question to one member may take. */
    public static final Duration ASK_TIMEOUT = Duration.ofSeconds(3);

    private final MemberAccess access;
    private final Duration askTimeout;

    public Quorum(MemberAccess access) {
        this(access, ASK_TIMEOUT);
    }

    public Quorum(MemberAccess access, Duration askTimeout) {
        this.access = access;
        this.askTimeout = askTimeout;
    }

    /** The members that answer srvr as part of a quorum now (one that does not answer does not serve). */
    public Set<Integer> serving(Collection<Integer> ordinals) {
        return MemberAnswers.status(access, ordinals, askTimeout).stream()
                .filter(MemberAnswer::serving)
                .map(MemberAnswer::ordinal)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Waits until the member serves in a quorum again (after a restart, a roll, a move to another node). */
    public void awaitServing(int ordinal, Deadline deadline) {
        String pod = EnsembleNames.podName(ordinal);
        deadline.until(pod + " to rejoin the quorum", () -> {
            MemberAnswer answer =
                    MemberAnswers.status(access, List.of(ordinal), askTimeout).get(0);
            return answer.serving()
                    ? Poll.done(answer)
                    : Poll.pending(answer.error().orElse(pod + " is not serving requests (no quorum)")
                            + "; see kubectl logs " + pod);
        });
    }

    /** Waits until every member serves in one quorum with one leader; the members' own words are the evidence. */
    public List<MemberFacts> awaitFormed(Collection<Integer> ordinals, Deadline deadline) {
        return deadline.until(
                "the members " + names(ordinals) + " to form one quorum (reached via " + access.describe() + ")",
                () -> {
                    List<MemberAnswer> answers = MemberAnswers.ask(access, ordinals, askTimeout);
                    List<String> problems = new ArrayList<>();
                    for (MemberAnswer answer : answers) {
                        if (answer.error().isPresent()) {
                            problems.add(answer.error().get());
                        } else if (!answer.serving()) {
                            problems.add(answer.pod() + " is not serving (no quorum)");
                        }
                    }
                    List<MemberFacts> facts = answers.stream()
                            .filter(a -> a.status().isPresent())
                            .map(MemberAnswer::facts)
                            .toList();
                    long leaders = facts.stream().filter(MemberFacts::leads).count();
                    if (problems.isEmpty() && leaders == 1) {
                        return Poll.done(facts);
                    }
                    if (problems.isEmpty()) {
                        problems.add(leaders + " members say they lead");
                    }
                    return Poll.pending(String.join("; ", problems));
                });
    }

    /**
     * Waits until every member, asked on its own ({@code conf}), holds the same servers as
     * {@code expected}; returns each member's view. The timeout names the members that disagree.
     */
    public Map<Integer, QuorumConfig> awaitAgreement(
            Collection<Integer> ordinals, QuorumConfig expected, Deadline deadline) {
        return deadline.until(
                "the members " + names(ordinals) + " to agree on servers "
                        + expected.servers().keySet(),
                () -> {
                    Map<Integer, QuorumConfig> views = new TreeMap<>();
                    List<String> disagreeing = new ArrayList<>();
                    for (MemberAnswer answer : MemberAnswers.ask(access, ordinals, askTimeout)) {
                        if (answer.conf().isEmpty()) {
                            disagreeing.add(answer.pod() + " " + answer.error().orElse("did not answer"));
                            continue;
                        }
                        QuorumConfig view = answer.conf().get().membership();
                        views.put(answer.ordinal(), view);
                        if (!view.sameServers(expected)) {
                            disagreeing.add(
                                    answer.pod() + " has " + view.servers().keySet());
                        }
                    }
                    return disagreeing.isEmpty() ? Poll.done(views) : Poll.pending(String.join("; ", disagreeing));
                });
    }

    private static String names(Collection<Integer> ordinals) {
        return ordinals.stream().sorted().map(EnsembleNames::podName).collect(Collectors.joining(", ", "[", "]"));
    }
}
