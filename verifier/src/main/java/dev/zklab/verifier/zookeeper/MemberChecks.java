package dev.zklab.verifier.zookeeper;

import dev.zklab.contracts.evidence.Check;
import dev.zklab.members.MemberAnswer;
import dev.zklab.members.QuorumConfig;
import dev.zklab.support.kubernetes.EnsembleNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The ZooKeeper-level checks that follow from what the members said about themselves, as pure
 * functions: every member serves, ids are ordinal + 1, one leader, one shared membership that
 * matches the pods.
 */
public final class MemberChecks {

    public static final String MEMBERS_SERVING = "members-serving";
    public static final String SERVER_IDS = "server-ids";
    public static final String ONE_LEADER = "one-leader";
    public static final String SAME_CONFIGURATION = "same-configuration";
    public static final String CONFIGURATION_MATCHES_PODS = "configuration-matches-pods";

    private MemberChecks() {}

    /**
     * @param expectedServers the {@code server.N} lines the members should hold, by server id (from the pods)
     */
    public static List<Check> evaluate(List<MemberAnswer> answers, Map<Integer, String> expectedServers) {
        return List.of(
                serving(answers),
                serverIds(answers),
                oneLeader(answers),
                sameConfiguration(answers),
                matchesPods(answers, expectedServers));
    }

    static Check serving(List<MemberAnswer> answers) {
        List<String> problems = new ArrayList<>();
        for (MemberAnswer a : answers) {
            if (a.error().isPresent()) {
                problems.add(a.pod() + " does not answer: " + a.error().get());
            } else if (!a.serving()) {
                problems.add(a.pod() + " runs but is not part of a quorum (\"not currently serving requests\")");
            }
        }
        return Check.of(
                MEMBERS_SERVING,
                pods(answers) + " answer srvr and serve requests",
                answers.stream().map(a -> a.pod() + " " + a.describeMode()).collect(Collectors.joining(", ")),
                problems,
                "see kubectl logs of those pods");
    }

    static Check serverIds(List<MemberAnswer> answers) {
        Map<Integer, List<String>> claimedBy = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        List<String> observed = new ArrayList<>();
        for (MemberAnswer a : answers) {
            if (a.conf().isEmpty()) {
                observed.add(a.pod() + " ?");
                continue;
            }
            int id = a.conf().get().serverId();
            int expected = EnsembleNames.serverId(a.ordinal());
            observed.add(a.pod() + " " + id);
            claimedBy.computeIfAbsent(id, i -> new ArrayList<>()).add(a.pod());
            if (id != expected) {
                problems.add(a.pod() + " runs with server id " + id + ", expected " + expected + " (ordinal + 1)");
            }
        }
        claimedBy.forEach((id, pods) -> {
            if (pods.size() > 1) {
                problems.add("server id " + id + " is claimed by " + String.join(" and ", pods));
            }
        });
        if (claimedBy.isEmpty()) {
            problems.add("no member said which id it runs with");
        }
        return Check.of(
                SERVER_IDS,
                answers.stream()
                                .map(a -> a.pod() + " " + EnsembleNames.serverId(a.ordinal()))
                                .collect(Collectors.joining(", "))
                        + " (myid = ordinal + 1, unique)",
                String.join(", ", observed),
                problems,
                "the id comes from myid in the member's data directory (the start script writes ordinal + 1)");
    }

    static Check oneLeader(List<MemberAnswer> answers) {
        List<String> leaders = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (MemberAnswer a : answers) {
            Optional<String> mode = a.status().flatMap(s -> s.mode());
            if (mode.isEmpty()) {
                continue;
            }
            if ("leader".equals(mode.get())) {
                leaders.add(a.pod());
            } else if (!"follower".equals(mode.get())) {
                problems.add(a.pod() + " is " + mode.get() + ", neither leader nor follower");
            }
        }
        if (leaders.isEmpty()) {
            problems.add("no member is leader");
        } else if (leaders.size() > 1) {
            problems.add(
                    String.join(" and ", leaders) + " all say they lead: the members are split into several ensembles");
        }
        return Check.of(
                ONE_LEADER,
                "exactly one leader, every other member a follower",
                answers.stream().map(a -> a.pod() + " " + a.describeMode()).collect(Collectors.joining(", ")),
                problems,
                null);
    }

    static Check sameConfiguration(List<MemberAnswer> answers) {
        Map<Map<Integer, String>, List<String>> groups = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (MemberAnswer a : answers) {
            if (a.conf().isEmpty()) {
                continue;
            }
            QuorumConfig membership = a.conf().get().membership();
            if (membership.servers().isEmpty()) {
                problems.add(
                        a.pod()
                                + " reports no membership (ZooKeeper 3.5+ lists it in conf; the tutorial profile's 3.4 does not)");
                continue;
            }
            groups.computeIfAbsent(membership.servers(), k -> new ArrayList<>()).add(a.pod());
        }
        if (groups.size() > 1) {
            List<Map.Entry<Map<Integer, String>, List<String>>> entries = new ArrayList<>(groups.entrySet());
            entries.sort((x, y) -> y.getValue().size() - x.getValue().size());
            Map<Integer, String> majority = entries.get(0).getKey();
            for (var other : entries.subList(1, entries.size())) {
                problems.add(
                        String.join(", ", other.getValue()) + (other.getValue().size() == 1 ? " holds" : " hold")
                                + " a different server list than "
                                + String.join(", ", entries.get(0).getValue()) + ": "
                                + String.join("; ", new QuorumConfig(other.getKey(), 0).differencesFrom(majority)));
            }
        }
        String observed = groups.entrySet().stream()
                .map(e -> String.join(", ", e.getValue()) + ": " + lines(e.getKey()))
                .collect(Collectors.joining(" | "));
        return Check.of(
                SAME_CONFIGURATION,
                "every member holds the same server.N lines",
                observed.isEmpty() ? "no member reported its membership" : observed,
                problems,
                groups.isEmpty() && problems.isEmpty() ? "no member answered conf" : null);
    }

    static Check matchesPods(List<MemberAnswer> answers, Map<Integer, String> expectedServers) {
        List<String> problems = new ArrayList<>();
        List<String> observed = new ArrayList<>();
        for (MemberAnswer a : answers) {
            if (a.conf().isEmpty() || a.conf().get().membership().servers().isEmpty()) {
                continue;
            }
            List<String> differences = a.conf().get().membership().differencesFrom(expectedServers);
            observed.add(a.pod() + (differences.isEmpty() ? " matches" : " differs"));
            differences.forEach(d -> problems.add(a.pod() + ": " + d));
        }
        if (observed.isEmpty()) {
            problems.add("no member reported its membership");
        }
        return Check.of(
                CONFIGURATION_MATCHES_PODS,
                lines(expectedServers),
                String.join(", ", observed),
                problems,
                "a member that is not in the others' list never joins the quorum; a scale step grows it by reconfiguration");
    }

    private static String lines(Map<Integer, String> servers) {
        return servers.entrySet().stream()
                .map(e -> "server." + e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }

    private static String pods(List<MemberAnswer> answers) {
        return answers.stream().map(MemberAnswer::pod).collect(Collectors.joining(", "));
    }
}
