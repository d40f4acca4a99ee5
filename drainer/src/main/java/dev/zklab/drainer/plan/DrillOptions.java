package dev.zklab.drainer.plan;

import dev.zklab.contracts.run.RunPrivileges;
import dev.zklab.drainer.drain.PodFilters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The drain step's parameters, read and checked before anything is touched: every problem is named
 * with what to give instead.
 *
 * @param plan          the custom actions; empty for the lab's drill
 * @param blockedWait   how long a drain keeps retrying evictions the budget refuses before it counts as blocked
 * @param pendingWait   how long an evicted member may take to be Ready elsewhere before it counts as Pending
 * @param force         evict pods without a controller, and delete pods past their budget once blocked (loudly)
 * @param dryRun        only predict: nothing is cordoned or evicted
 * @param probeRate     the probe's operations per second; 0 turns the probe off
 * @param evictOthers   evict pods that are not the run's ensemble's (other workloads on a drained node): an admin's
 *                      choice on a cluster the run did not make; on one it made they are the run's to disturb
 */
public record DrillOptions(
        List<DrillAction> plan,
        Duration blockedWait,
        Duration pendingWait,
        boolean force,
        boolean deleteEmptyDirData,
        boolean dryRun,
        int probeRate,
        boolean evictOthers) {

    public static final String PLAN = "plan";
    public static final String BLOCKED_WAIT = "blockedWaitSeconds";
    public static final String PENDING_WAIT = "pendingWaitSeconds";
    public static final String FORCE = RunPrivileges.DRAIN_FORCE;
    public static final String DELETE_EMPTYDIR_DATA = "deleteEmptyDirData";
    public static final String DRY_RUN = "dryRun";
    public static final String PROBE_RATE = "probeRate";
    public static final String EVICT_OTHERS = RunPrivileges.DRAIN_EVICT_OTHERS;
    /** The verbs a plan may use: the drain, its undoing, and waiting. */
    static final List<String> VERBS = List.of(DrillAction.DRAIN, DrillAction.UNCORDON, DrillAction.WAIT);

    static final List<String> KNOWN =
            List.of(PLAN, BLOCKED_WAIT, PENDING_WAIT, FORCE, DELETE_EMPTYDIR_DATA, DRY_RUN, PROBE_RATE, EVICT_OTHERS);

    public static final Duration DEFAULT_BLOCKED_WAIT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_PENDING_WAIT = Duration.ofSeconds(120);
    public static final int DEFAULT_PROBE_RATE = 20;

    public boolean labDrill() {
        return plan.isEmpty();
    }

    /** The drill's actions in order, decided one by one: the lab's on {@code nodes} nodes, or the plan's. */
    public DrillSequence sequence(int replicas, int nodes) {
        return labDrill() ? new LabDrill(replicas, nodes) : new PlanSequence(plan);
    }

    /** The drill's parameters; throws {@link InvalidDrillException} naming every problem. */
    public static DrillOptions of(Map<String, String> params) {
        List<String> problems = new ArrayList<>();
        params.keySet().stream()
                .filter(k -> !KNOWN.contains(k))
                .sorted()
                .forEach(k -> problems.add("unknown parameter '" + k + "'; the drain step takes " + KNOWN));
        List<DrillAction> plan = Optional.ofNullable(params.get(PLAN))
                .map(p -> parsePlan(p, problems))
                .orElse(List.of());
        Duration blockedWait = seconds(params, BLOCKED_WAIT, DEFAULT_BLOCKED_WAIT, problems);
        Duration pendingWait = seconds(params, PENDING_WAIT, DEFAULT_PENDING_WAIT, problems);
        boolean force = flag(params, FORCE, problems);
        boolean emptyDir = !params.containsKey(DELETE_EMPTYDIR_DATA) || flag(params, DELETE_EMPTYDIR_DATA, problems);
        boolean dryRun = flag(params, DRY_RUN, problems);
        boolean evictOthers = flag(params, EVICT_OTHERS, problems);
        int rate = DEFAULT_PROBE_RATE;
        if (params.containsKey(PROBE_RATE)) {
            try {
                rate = Integer.parseInt(params.get(PROBE_RATE).trim());
                if (rate < 0 || rate > 1000) {
                    problems.add(
                            PROBE_RATE + " is " + rate + "; give operations per second from 0 (probe off) to 1000");
                }
            } catch (NumberFormatException e) {
                problems.add(PROBE_RATE + " '" + params.get(PROBE_RATE)
                        + "' is not a number; give operations per second, e.g. 20");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidDrillException(problems);
        }
        return new DrillOptions(plan, blockedWait, pendingWait, force, emptyDir, dryRun, rate, evictOthers);
    }

    /** The same options on a cluster the run made, where every pod on its nodes is the run's to disturb. */
    public DrillOptions onClusterMadeByRun(boolean madeByRun) {
        return madeByRun
                ? new DrillOptions(plan, blockedWait, pendingWait, force, deleteEmptyDirData, dryRun, probeRate, true)
                : this;
    }

    /** What kubectl's filters (and zklab's) let a drain of the ensemble in {@code namespace} evict. */
    public PodFilters.Options filters(String namespace) {
        return new PodFilters.Options(deleteEmptyDirData, force, namespace, evictOthers);
    }

    /**
     * Reads {@code drain zk-0, drain worker-3, wait zk-0, uncordon worker-3} (commas, semicolons or new
     * lines between actions).
     */
    static List<DrillAction> parsePlan(String text, List<String> problems) {
        List<DrillAction> actions = new ArrayList<>();
        for (String part : text.split("[,;\\n]")) {
            String action = part.trim();
            if (action.isEmpty()) {
                continue;
            }
            String[] words = action.split("\\s+");
            String verb = words[0].toLowerCase(Locale.ROOT);
            if (!VERBS.contains(verb)) {
                problems.add("plan action '" + action
                        + "' is not drain, uncordon or wait; write e.g. 'drain zk-1' or 'uncordon worker-2'");
            } else if (words.length > 2) {
                problems.add("plan action '" + action
                        + "' names more than one member or node; one action per member or node");
            } else if (words.length == 1 && !verb.equals(DrillAction.UNCORDON)) {
                problems.add("plan action '" + action + "' names nothing; write e.g. '" + words[0] + " zk-1' or '"
                        + words[0] + " worker-2'");
            } else {
                actions.add(new DrillAction(verb, words.length == 2 ? words[1] : null));
            }
        }
        if (actions.isEmpty() && problems.isEmpty()) {
            problems.add("plan '" + text
                    + "' names no action; give e.g. 'drain zk-0, wait zk-0', or leave plan out for the lab's drill");
        }
        return actions;
    }

    private static Duration seconds(Map<String, String> params, String key, Duration fallback, List<String> problems) {
        String value = params.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            if (seconds < 0) {
                problems.add(key + " is " + seconds + "; give a number of seconds, 0 or more (default "
                        + fallback.toSeconds() + ")");
            }
            return Duration.ofSeconds(Math.max(0, seconds));
        } catch (NumberFormatException e) {
            problems.add(key + " '" + value + "' is not a number of seconds; give e.g. " + fallback.toSeconds());
            return fallback;
        }
    }

    private static boolean flag(Map<String, String> params, String key, List<String> problems) {
        String value = params.get(key);
        if (value == null || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        problems.add(key + " '" + value + "' is not true or false");
        return false;
    }
}
