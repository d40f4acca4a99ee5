package dev.zklab.drainer.drill;

import dev.zklab.common.ensemble.EnsembleNames;
import dev.zklab.common.evidence.Check;
import dev.zklab.common.evidence.DrainEvidence.DrainAction;
import dev.zklab.common.evidence.DrainEvidence.DrainForecast;
import dev.zklab.common.evidence.DrainEvidence.Fate;
import dev.zklab.common.evidence.DrainEvidence.PodForecast;
import dev.zklab.common.evidence.DrainEvidence.PodOutcome;
import dev.zklab.common.evidence.DrainEvidence;
import dev.zklab.common.evidence.MemberFacts;
import dev.zklab.common.evidence.ProbeEvidence;
import dev.zklab.common.kubernetes.Pods;
import dev.zklab.common.wait.Deadline;
import dev.zklab.common.wait.Poll;
import dev.zklab.common.wait.TimedOutException;
import dev.zklab.drainer.drain.Cordons;
import dev.zklab.drainer.drain.NodeDrain;
import dev.zklab.drainer.drain.PodFilters;
import dev.zklab.drainer.plan.DrillAction;
import dev.zklab.drainer.plan.DrillOptions;
import dev.zklab.drainer.plan.LabDrill;
import dev.zklab.drainer.preflight.ClusterSnapshot;
import dev.zklab.drainer.preflight.Preflight;
import dev.zklab.drainer.probe.SteadyStateProbe;
import dev.zklab.kubernetes.Events;
import dev.zklab.kubernetes.PodWaits;
import dev.zklab.members.MemberAccess;
import dev.zklab.members.Quorum;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Runs one drill on an ensemble: the preflight first, then each drain (the lab's, decided drain by
 * drain, or a custom plan's actions) with its prediction and outcome, the probe measuring throughout,
 * and at the end every node the drill cordoned restored, all members Ready and the quorum whole. Nodes
 * are restored whatever happens (a failure, a cancelled run); a drill delivered again after a crash
 * goes on from the nodes its earlier attempt had cordoned (their annotation says for which drain).
 */
public final class Drill {

    /** How often a running drill says on its nodes that it is alive. */
    public static final Duration RENEW_EVERY = Duration.ofSeconds(10);
    /** How long a drain waits for a budget's status to catch up with a member that came back. */
    static final Duration BUDGET_SETTLE = Duration.ofSeconds(30);
    /** How long a replacement must stay unschedulable before it counts as Pending. */
    static final Duration PENDING_CONFIRM = Duration.ofSeconds(3);
    static final String PROBE_ROOT = "/zklab/probe";
    private static final Pattern DRAIN_INDEX = Pattern.compile("#(\\d+) (.*)");

    /** What a drill needs: its cluster, its run, its ensemble, how to reach the members, where to report. */
    public record Setup(KubernetesClient client, String runId, String namespace, DrillOptions options, MemberAccess access,
            DrainMetrics metrics, Consumer<String> progress) {
    }

    private final Setup setup;
    private final KubernetesClient client;
    private final Cordons cordons;
    private final NodeDrain nodeDrain;
    private final Quorum quorum;

    public Drill(Setup setup) {
        this.setup = setup;
        this.client = setup.client();
        this.cordons = new Cordons(client);
        this.nodeDrain = new NodeDrain(client, setup.metrics());
        this.quorum = new Quorum(setup.access());
    }

    /** The members of the ensemble as deployed now; a drill needs a StatefulSet. */
    public static int replicas(KubernetesClient client, String namespace) {
        StatefulSet sts = client.apps().statefulSets().inNamespace(namespace).withName(EnsembleNames.STATEFULSET).get();
        if (sts == null) {
            throw new NoEnsembleException("no StatefulSet " + EnsembleNames.STATEFULSET + " in namespace " + namespace
                    + "; a drill needs a deployed ensemble: run the deploy step first");
        }
        return sts.getSpec().getReplicas() == null ? 1 : sts.getSpec().getReplicas();
    }

    /** The preflight only: nothing is touched. */
    public static DrainEvidence preflight(KubernetesClient client, String namespace, DrillOptions options) {
        int replicas = replicas(client, namespace);
        ClusterSnapshot snapshot = ClusterSnapshot.read(client);
        List<DrainForecast> forecasts = Preflight.predict(options, snapshot, namespace, replicas);
        return new DrainEvidence(namespace, plan(options, forecasts), true, snapshot.cordoned(), forecasts, List.of(), List.of(),
                null, List.of(), null);
    }

    public DrainEvidence run(Deadline deadline) throws Exception {
        DrillOptions options = setup.options();
        String namespace = setup.namespace();
        ScheduledExecutorService renewer = null;
        SteadyStateProbe probe = null;
        boolean restored = false;
        // Everything is inside the try: a drill resumed after a crash that fails before its first drain (its
        // ensemble gone, its plan no longer valid) still restores the nodes its earlier attempt cordoned.
        try {
            int replicas = replicas(client, namespace);
            ClusterSnapshot snapshot = ClusterSnapshot.read(client);
            boolean guarded = snapshot.budgets().stream().anyMatch(b -> namespace.equals(b.getMetadata().getNamespace()));
            TreeMap<Integer, Node> earlier = earlierDrains(cordons.heldBy(setup.runId()));
            List<String> cordonedBefore = snapshot.nodes().stream()
                    .filter(n -> Boolean.TRUE.equals(n.getSpec().getUnschedulable())
                            && !setup.runId().equals(Cordons.annotation(n, Cordons.RUN_ANNOTATION)))
                    .map(n -> n.getMetadata().getName()).sorted().toList();
            // A drill resumed after a crash first runs the drains its earlier attempt began again (cordons and
            // evictions are idempotent), then predicts the drains still to come from the state they left.
            int drainsDone = earlier.isEmpty() ? 0 : earlier.lastKey();
            List<DrainForecast> forecasts = drainsDone == 0 ? Preflight.predict(options, snapshot, namespace, replicas) : List.of();
            String resumed = earlier.isEmpty() ? null : "an earlier attempt of this step had cordoned "
                    + earlier.entrySet().stream().map(e -> e.getValue().getMetadata().getName() + " (drain #" + e.getKey() + ")")
                            .collect(Collectors.joining(", ")) + "; the drill went on from there";
            if (resumed != null) {
                setup.progress().accept(resumed);
            } else {
                announce(forecasts);
            }

            renewer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "drill-renew-" + setup.runId());
                t.setDaemon(true);
                return t;
            });
            renewer.scheduleWithFixedDelay(() -> cordons.renew(setup.runId()), RENEW_EVERY.toMillis(), RENEW_EVERY.toMillis(),
                    TimeUnit.MILLISECONDS);
            List<DrainAction> actions = new ArrayList<>();
            List<Integer> ordinals = IntStream.range(0, replicas).boxed().toList();
            if (options.probeRate() > 0) {
                probe = SteadyStateProbe.start(setup.access(), ordinals, PROBE_ROOT + "/" + setup.runId() + "/"
                        + System.currentTimeMillis(), options.probeRate(), setup.metrics().registry(), "before the drill");
            }
            if (earlier.isEmpty()) {
                awaitEnsembleReady(replicas, deadline);
            }
            if (options.labDrill()) {
                LabDrill lab = new LabDrill(replicas, snapshot.nodes().size());
                int index = 1;
                for (Optional<String> next = lab.nextMember(); next.isPresent(); next = lab.nextMember(), index++) {
                    String member = next.get();
                    Optional<String> node = Optional.ofNullable(earlier.get(index)).map(n -> n.getMetadata().getName())
                            .or(() -> nodeOf(namespace, member));
                    if (node.isEmpty()) {
                        break;
                    }
                    DrainAction done = drain(index, LabDrill.action(member), node.get(),
                            forecast(forecasts, index - drainsDone), probe, deadline);
                    actions.add(done);
                    lab.observed(done.pods().stream().map(PodOutcome::observed).toList());
                    if (index == drainsDone) {
                        // A member Pending now was made so by one of the earlier attempt's drains.
                        if (!settleMembers(replicas, deadline).isEmpty()) {
                            lab.memberPending();
                        }
                        forecasts = predictRest(replicas, drainsDone, deadline);
                    }
                }
                if (lab.endedOnUnrefusedDrain() && !actions.isEmpty()) {
                    actions.add(holdDrained(actions.get(actions.size() - 1), probe, deadline));
                }
            } else {
                int index = 1;
                for (DrillAction action : options.plan()) {
                    actions.add(act(index, action, earlier, forecasts, drainsDone, probe, deadline));
                    if (action.kind() == DrillAction.Kind.DRAIN) {
                        if (index == drainsDone) {
                            settleMembers(replicas, deadline);
                            forecasts = predictRest(replicas, drainsDone, deadline);
                        }
                        index++;
                    }
                }
            }
            if (probe != null) {
                probe.phase("uncordon");
            }
            Instant uncordonStarted = Instant.now();
            List<String> uncordoned = restoreNodes();
            restored = true;
            actions.add(new DrainAction("uncordon", String.join(", ", uncordoned), uncordonStarted, Instant.now(), List.of(),
                    List.of(), List.of(), uncordoned.isEmpty() ? "no node to restore" : "restored " + uncordoned));
            if (probe != null) {
                probe.phase("recovery");
            }
            awaitEnsembleReady(replicas, deadline);
            List<MemberFacts> formed = quorum.awaitFormed(ordinals, deadline);
            ProbeEvidence probed = probe == null ? null : probe.finish(deadline.within(Duration.ofSeconds(60)));
            if (probed != null) {
                setup.metrics().measured(probed);
            }
            List<Check> checks = checks(actions, probed, formed, cordonedBefore, guarded);
            return new DrainEvidence(namespace, plan(options, forecasts), false, cordonedBefore, forecasts, actions, uncordoned, probed,
                    checks, resumed);
        } finally {
            if (renewer != null) {
                renewer.shutdownNow();
            }
            if (probe != null) {
                probe.close();
            }
            if (!restored) {
                try {
                    restoreNodes();
                } catch (RuntimeException e) {
                    setup.progress().accept("could not uncordon this drill's nodes now (" + e.getMessage()
                            + "); the uncordon cleanup step and the drainer's recovery try again");
                }
            }
        }
    }

    /**
     * After a drain that nothing refused although a member was Pending (an ensemble without its budget): the
     * nodes stay drained until the drain has lasted as long as a budget's refusals would have held it, as a
     * maintenance would keep them, so the probe measures the lost quorum as it lasts, not only its first seconds.
     */
    private DrainAction holdDrained(DrainAction last, SteadyStateProbe probe, Deadline deadline) {
        Instant started = Instant.now();
        Duration rest = setup.options().blockedWait().minus(Duration.between(last.started(), started));
        List<String> held = cordons.heldBy(setup.runId()).stream().map(n -> n.getMetadata().getName()).sorted().toList();
        if (probe != null) {
            probe.phase("hold (" + held.size() + " nodes drained)");
        }
        String detail = "no budget refused " + last.action() + " though a member was Pending: the drained nodes "
                + held + " held for the drill's blocked wait (" + setup.options().blockedWait().toSeconds() + " s from that drain)";
        setup.progress().accept(detail);
        if (!rest.isNegative()) {
            deadline.sleep(rest, "holding the drained nodes " + held);
        }
        return new DrainAction("hold", String.join(", ", held), started, Instant.now(), List.of(), List.of(), List.of(), detail);
    }

    /** The drains after the first {@code drainsDone}, predicted once the members and their budget have settled. */
    private List<DrainForecast> predictRest(int replicas, int drainsDone, Deadline deadline) {
        settleBudget(deadline);
        List<DrainForecast> forecasts = Preflight.predict(setup.options(), ClusterSnapshot.read(client), setup.namespace(), replicas,
                drainsDone);
        announce(forecasts);
        return forecasts;
    }

    private void announce(List<DrainForecast> forecasts) {
        setup.progress().accept("preflight: " + forecasts.stream().flatMap(f -> f.pods().stream())
                .filter(p -> p.fate() != Fate.SKIPPED).map(PodForecast::reason).collect(Collectors.joining("; ")));
    }

    /**
     * Waits until every member is Ready or confirmed unschedulable (bounded by the pending wait, without
     * failing); returns the Pending ones.
     */
    private List<String> settleMembers(int replicas, Deadline deadline) {
        Instant[] since = {null};
        List<String> pending = deadline.within(setup.options().pendingWait()).settle("every member to be Ready or Pending", Deadline.POLL, () -> {
            List<String> unscheduled = new ArrayList<>();
            boolean settled = true;
            for (int ordinal = 0; ordinal < replicas; ordinal++) {
                Pod pod = client.pods().inNamespace(setup.namespace()).withName(EnsembleNames.podName(ordinal)).get();
                if (pod != null && unschedulable(pod)) {
                    unscheduled.add(pod.getMetadata().getName());
                } else if (pod == null || !Pods.isReady(pod) || pod.getMetadata().getDeletionTimestamp() != null) {
                    settled = false;
                }
            }
            if (!settled || unscheduled.isEmpty()) {
                since[0] = null;
                return settled ? unscheduled : null;
            }
            since[0] = since[0] == null ? Instant.now() : since[0];
            return Duration.between(since[0], Instant.now()).compareTo(PENDING_CONFIRM) >= 0 ? unscheduled : null;
        }, seen -> seen != null);
        return pending == null ? List.of() : pending;
    }

    private static boolean unschedulable(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream().anyMatch(c -> "PodScheduled".equals(c.getType())
                        && "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason()));
    }

    /** Makes every node this run cordoned schedulable again; returns them. Safe to call any number of times. */
    private List<String> restoreNodes() {
        List<String> restored = cordons.restoreAll(setup.runId());
        if (!restored.isEmpty()) {
            setup.progress().accept("uncordoned " + restored);
        }
        return restored;
    }

    private DrainAction act(int index, DrillAction action, Map<Integer, Node> earlier, List<DrainForecast> forecasts,
            int drainsDone, SteadyStateProbe probe, Deadline deadline) {
        Instant started = Instant.now();
        switch (action.kind()) {
            case DRAIN -> {
                Optional<String> node = Optional.ofNullable(earlier.get(index)).map(n -> n.getMetadata().getName())
                        .or(() -> action.namesMember() ? nodeOf(setup.namespace(), action.target()) : Optional.of(action.target()));
                if (node.isEmpty()) {
                    return new DrainAction(action.toString(), null, started, Instant.now(), List.of(), List.of(), List.of(),
                            action.target() + " is on no node (Pending): nothing to drain");
                }
                return drain(index, action.toString(), node.get(), forecast(forecasts, index - drainsDone), probe, deadline);
            }
            case UNCORDON -> {
                if (probe != null) {
                    probe.phase(action.toString());
                }
                List<String> targets = action.target() == null
                        ? cordons.heldBy(setup.runId()).stream().map(n -> n.getMetadata().getName()).toList() : List.of(action.target());
                List<String> done = targets.stream().filter(n -> cordons.uncordon(n, setup.runId())).toList();
                return new DrainAction(action.toString(), String.join(", ", targets), started, Instant.now(), List.of(), List.of(),
                        List.of(), done.size() == targets.size() ? "uncordoned " + done
                                : "uncordoned " + done + "; not cordoned by this drill, left as they are: "
                                        + targets.stream().filter(t -> !done.contains(t)).toList());
            }
            default -> {
                if (action.namesMember()) {
                    new PodWaits(client, setup.namespace()).awaitReady(action.target(), deadline.within(setup.options().pendingWait()));
                    quorum.awaitServing(action.ordinal(), deadline);
                    return new DrainAction(action.toString(), nodeOf(setup.namespace(), action.target()).orElse(null), started,
                            Instant.now(), List.of(), List.of(), List.of(), action.target() + " is Ready and serving");
                }
                deadline.untilTrue("node " + action.target() + " to be Ready",
                        () -> io.fabric8.kubernetes.client.readiness.Readiness.isNodeReady(client.nodes().withName(action.target()).get()));
                return new DrainAction(action.toString(), action.target(), started, Instant.now(), List.of(), List.of(), List.of(),
                        action.target() + " is Ready");
            }
        }
    }

    /** One drain: cordon (saying for which drain), kubectl's drain, and each pod's fate against its prediction. */
    private DrainAction drain(int index, String action, String node, Optional<DrainForecast> forecast, SteadyStateProbe probe,
            Deadline deadline) {
        Instant started = Instant.now();
        if (probe != null) {
            probe.phase(action + " (" + node + ")");
        }
        settleBudget(deadline);
        setup.progress().accept(action + ": draining " + node + "; predicted: " + forecast.map(f -> f.pods().stream()
                .map(PodForecast::reason).collect(Collectors.joining("; "))).orElse("nothing"));
        Cordons.Cordon cordon = cordons.cordon(node, setup.runId(), "#" + index + " " + action);
        if (cordon == Cordons.Cordon.CORDONED_BEFORE) {
            setup.progress().accept(node + " was cordoned before the drill: drained, and left cordoned");
        }
        NodeDrain.Result result;
        try {
            result = nodeDrain.drain(node, setup.options().filters(setup.namespace()),
                    setup.options().blockedWait(), deadline);
        } catch (RuntimeException e) {
            setup.metrics().drained(Duration.between(started, Instant.now()), "refused");
            throw e;
        }
        List<PodOutcome> outcomes = new ArrayList<>();
        List<DrainEvidence.Eviction> evictions = new ArrayList<>();
        for (NodeDrain.PodResult pod : result.pods()) {
            Optional<PodForecast> predicted = forecast.flatMap(f -> f.pods().stream().filter(p -> p.pod().equals(pod.pod())).findFirst());
            Observed observed;
            if (pod instanceof NodeDrain.Skipped s) {
                observed = new Observed(Fate.SKIPPED, s.why());
            } else if (pod instanceof NodeDrain.Blocked b) {
                observed = new Observed(Fate.BLOCKED, "blocked: " + b.cause());
            } else {
                NodeDrain.Evicted e = (NodeDrain.Evicted) pod;
                evictions.add(e.eviction());
                if (e.eviction().forced()) {
                    setup.progress().accept("FORCED: " + e.namespace() + "/" + e.pod() + " deleted past its PodDisruptionBudget"
                            + " after " + setup.options().blockedWait().toSeconds() + " s of refusals, because the request said force");
                }
                observed = replacement(node, e, deadline);
            }
            setup.progress().accept(pod.pod() + ": " + observed.words());
            outcomes.add(new PodOutcome(pod.pod(), predicted.map(PodForecast::fate).orElse(null),
                    predicted.map(PodForecast::reason).orElse(forecast.isEmpty() ? "not predicted: this drain was begun by an earlier attempt"
                            : "not predicted: it came to " + node + " after the preflight"),
                    observed.fate(), observed.words(), predicted.map(p -> agree(p.fate(), observed.fate())).orElse(false)));
        }
        setup.metrics().drained(Duration.between(started, Instant.now()), result.blocked() ? "blocked" : "drained");
        String detail = outcomes.isEmpty() ? node + " had no pod to evict"
                : outcomes.stream().map(o -> o.pod() + " " + o.observed().name().toLowerCase(java.util.Locale.ROOT))
                        .collect(Collectors.joining(", "));
        return new DrainAction(action, node, started, Instant.now(), outcomes, result.refusals(), evictions, detail);
    }

    private record Observed(Fate fate, String words) {
    }

    /** Whether an observed fate is the predicted one; a pod evicted and not followed agrees with either prediction of eviction. */
    static boolean agree(Fate predicted, Fate observed) {
        return predicted == observed || (observed == Fate.EVICTED && (predicted == Fate.MOVES || predicted == Fate.PENDING));
    }

    /**
     * Where an evicted pod's replacement went: Ready on another node (and, for a member, serving in the
     * quorum again), or Pending with the scheduler's reason; a pod without a controller is not replaced.
     */
    private Observed replacement(String drained, NodeDrain.Evicted evicted, Deadline deadline) {
        String name = evicted.pod();
        String namespace = evicted.namespace();
        if (evicted.controller() == null) {
            return new Observed(Fate.REMOVED, name + " was removed: no controller re-creates it");
        }
        if (!"StatefulSet".equals(evicted.controller())) {
            return new Observed(Fate.EVICTED, name + " was evicted; its " + evicted.controller() + " re-creates it under a new name");
        }
        boolean member = namespace.equals(setup.namespace()) && name.matches(EnsembleNames.STATEFULSET + "-\\d+");
        Instant[] unschedulableSince = {null};
        try {
            Observed observed = deadline.within(setup.options().pendingWait()).until(name + " to be Ready again or Pending", () -> {
                Pod pod = client.pods().inNamespace(namespace).withName(name).get();
                Optional<String> heldBack = member && pod == null ? heldBackBy(EnsembleNames.ordinal(name)) : Optional.empty();
                if (heldBack.isPresent()) {
                    // OrderedReady: the StatefulSet makes a member again only once every lower one is Ready.
                    unschedulableSince[0] = unschedulableSince[0] == null ? Instant.now() : unschedulableSince[0];
                    if (Duration.between(unschedulableSince[0], Instant.now()).compareTo(PENDING_CONFIRM) < 0) {
                        return Poll.pending(name + " is not re-created: waiting for " + heldBack.get() + " (confirming)");
                    }
                    return Poll.done(new Observed(Fate.PENDING, name + " stays Pending: StatefulSet " + EnsembleNames.STATEFULSET
                            + " (OrderedReady) makes it again only once " + heldBack.get() + " is Ready, and " + heldBack.get()
                            + " is not: " + pendingWhy(namespace, heldBack.get())));
                }
                if (pod == null || pod.getMetadata().getUid().equals(evicted.eviction().uid())) {
                    unschedulableSince[0] = null;
                    return Poll.pending(name + " is not re-created yet");
                }
                if (Pods.isReady(pod) && pod.getMetadata().getDeletionTimestamp() == null) {
                    return Poll.done(new Observed(Fate.MOVES, name + " moved to " + pod.getSpec().getNodeName() + " and is Ready"));
                }
                if (!unschedulable(pod)) {
                    unschedulableSince[0] = null;
                    return Poll.pending(name + " is not Ready: " + Pods.whyNotReady(pod));
                }
                if (unschedulableSince[0] == null) {
                    unschedulableSince[0] = Instant.now();
                }
                if (Duration.between(unschedulableSince[0], Instant.now()).compareTo(PENDING_CONFIRM) < 0) {
                    return Poll.pending(name + " is unschedulable (confirming)");
                }
                String why = Events.latest(client, namespace, name, "FailedScheduling")
                        .orElse(Pods.readyCondition(pod).map(c -> c.getMessage()).orElse("unschedulable"));
                return Poll.done(new Observed(Fate.PENDING, name + " stays Pending: FailedScheduling: " + why));
            });
            if (observed.fate() == Fate.MOVES && member) {
                quorum.awaitServing(EnsembleNames.ordinal(name), deadline);
            }
            return observed;
        } catch (TimedOutException e) {
            return new Observed(Fate.PENDING, name + " was not Ready within " + setup.options().pendingWait().toSeconds()
                    + " s after leaving " + drained + ": " + e.getMessage());
        }
    }

    /**
     * The lower member an OrderedReady StatefulSet waits for before it makes this one again: the first that
     * is not Ready. Empty when none is (or the StatefulSet makes its pods in parallel).
     */
    private Optional<String> heldBackBy(int ordinal) {
        StatefulSet sts = client.apps().statefulSets().inNamespace(setup.namespace()).withName(EnsembleNames.STATEFULSET).get();
        if (sts == null || "Parallel".equals(sts.getSpec().getPodManagementPolicy())) {
            return Optional.empty();
        }
        for (int lower = 0; lower < ordinal; lower++) {
            Pod pod = client.pods().inNamespace(setup.namespace()).withName(EnsembleNames.podName(lower)).get();
            if (pod == null || !Pods.isReady(pod)) {
                return Optional.of(EnsembleNames.podName(lower));
            }
        }
        return Optional.empty();
    }

    /** Why a pod is not Ready: the scheduler's latest word when it cannot be placed. */
    private String pendingWhy(String namespace, String name) {
        Pod pod = client.pods().inNamespace(namespace).withName(name).get();
        if (pod == null) {
            return "it does not exist";
        }
        return unschedulable(pod) ? "FailedScheduling: " + Events.latest(client, namespace, name, "FailedScheduling").orElse("unschedulable")
                : Pods.whyNotReady(pod);
    }

    /** Waits (boundedly, without failing) for the ensemble's budget to count every Ready member again. */
    private void settleBudget(Deadline deadline) {
        deadline.within(BUDGET_SETTLE).settle("PodDisruptionBudget " + EnsembleNames.PDB + " to count the Ready members",
                Deadline.POLL, () -> client.policy().v1().podDisruptionBudget().inNamespace(setup.namespace())
                        .withName(EnsembleNames.PDB).get(),
                pdb -> pdb == null || budgetCaughtUp(pdb));
    }

    private boolean budgetCaughtUp(PodDisruptionBudget pdb) {
        if (pdb.getStatus() == null || pdb.getStatus().getObservedGeneration() == null
                || !pdb.getStatus().getObservedGeneration().equals(pdb.getMetadata().getGeneration())) {
            return false;
        }
        long ready = client.pods().inNamespace(setup.namespace()).withLabels(EnsembleNames.SELECTOR).list().getItems().stream()
                .filter(Pods::isReady).count();
        return pdb.getStatus().getCurrentHealthy() != null && pdb.getStatus().getCurrentHealthy() == ready;
    }

    private void awaitEnsembleReady(int replicas, Deadline deadline) {
        PodWaits pods = new PodWaits(client, setup.namespace());
        for (int ordinal = 0; ordinal < replicas; ordinal++) {
            pods.awaitReady(EnsembleNames.podName(ordinal), deadline.within(setup.options().pendingWait()));
        }
    }

    /** @param guarded whether a PodDisruptionBudget guarded the ensemble: it then must have kept the quorum */
    private List<Check> checks(List<DrainAction> actions, ProbeEvidence probe, List<MemberFacts> formed, List<String> cordonedBefore,
            boolean guarded) {
        List<Check> checks = new ArrayList<>();
        List<PodOutcome> outcomes = actions.stream().flatMap(a -> a.pods().stream()).toList();
        List<String> mismatches = outcomes.stream().filter(o -> o.predicted() != null && !o.matched())
                .map(o -> o.pod() + " was predicted " + o.predicted() + " (" + o.prediction() + ") but " + o.observed()
                        + " (" + o.observation() + ")").toList();
        checks.add(Check.of("predictions", "every drain's outcome as the preflight predicted",
                outcomes.stream().map(o -> o.pod() + " " + o.observed()).collect(Collectors.joining(", ")), mismatches,
                "the preflight models cordons, taints, required (anti-)affinity, requests and budgets; see the evidence's preflight"));
        if (probe != null) {
            List<String> problems = new ArrayList<>();
            if (probe.set().error() != null) {
                problems.add(probe.set().error());
            } else if (probe.set().lost() > 0) {
                problems.add(probe.set().lost() + " acknowledged writes are missing from the final read, e.g. " + probe.set().lostValues());
            }
            checks.add(Check.of("no-lost-writes", "every acknowledged write in the final read",
                    probe.set().acknowledged() + " acknowledged, " + probe.set().lost() + " lost, " + probe.set().recovered()
                            + " of unknown outcome recovered; availability " + probe.overall().availabilityPercent() + "%",
                    problems, null));
            if (guarded) {
                long gap = probe.overall().longestWriteGapMs();
                checks.add(Check.of("quorum-kept", "never " + ProbeEvidence.OUTAGE.toSeconds() + " s or more without an acknowledged"
                        + " write: the budget let only one member go at a time (elections and moves are shorter)",
                        String.format(java.util.Locale.ROOT, "longest time without a write %.1f s; availability %.1f %%", gap / 1000.0,
                                probe.overall().availabilityPercent()),
                        probe.sawOutage() ? List.of("no write was acknowledged for " + gap / 1000 + " s: the ensemble lost its quorum"
                                + " although a PodDisruptionBudget guarded it") : List.of(),
                        "see the probe's phases for when; kubectl describe pdb " + EnsembleNames.PDB + " -n " + setup.namespace()));
            }
        }
        List<Node> nodes = client.nodes().list().getItems();
        List<String> problems = new ArrayList<>();
        nodes.stream().filter(n -> setup.runId().equals(Cordons.annotation(n, Cordons.RUN_ANNOTATION)))
                .forEach(n -> problems.add(n.getMetadata().getName() + " is still cordoned by this run"));
        cordonedBefore.stream().filter(name -> nodes.stream().noneMatch(n -> n.getMetadata().getName().equals(name)
                && Boolean.TRUE.equals(n.getSpec().getUnschedulable())))
                .forEach(name -> problems.add(name + " was cordoned before the drill and is not any more"));
        checks.add(Check.of("nodes-restored", "every node the drill cordoned schedulable again; the others as they were",
                nodes.stream().filter(n -> Boolean.TRUE.equals(n.getSpec().getUnschedulable())).map(n -> n.getMetadata().getName())
                        .sorted().toList() + " cordoned", problems, "kubectl uncordon <node> restores one by hand"));
        List<String> forced = actions.stream().flatMap(a -> a.evictions().stream()).filter(DrainEvidence.Eviction::forced)
                .map(DrainEvidence.Eviction::pod).toList();
        if (!forced.isEmpty()) {
            checks.add(Check.pass("forced-deletions", "pods deleted past their budget only because the request said force",
                    "FORCED: " + forced + " deleted past their PodDisruptionBudget"));
        }
        checks.add(Check.pass("quorum-whole", "every member serving in one quorum",
                formed.stream().map(f -> f.pod() + (f.leads() ? " leads" : " follows")).collect(Collectors.joining(", "))));
        return checks;
    }

    private Optional<String> nodeOf(String namespace, String pod) {
        Pod p = client.pods().inNamespace(namespace).withName(pod).get();
        return Optional.ofNullable(p).map(x -> x.getSpec().getNodeName());
    }

    /** The drains an earlier attempt did, by their number, from the annotations of the nodes this run holds. */
    static TreeMap<Integer, Node> earlierDrains(List<Node> held) {
        TreeMap<Integer, Node> drains = new TreeMap<>();
        for (Node node : held) {
            Matcher m = DRAIN_INDEX.matcher(String.valueOf(Cordons.annotation(node, Cordons.ACTION_ANNOTATION)));
            if (m.matches()) {
                drains.put(Integer.parseInt(m.group(1)), node);
            }
        }
        return drains;
    }

    /** The preflight's forecast of the drill's n-th predicted drain; empty for a drain an earlier attempt began (n below 1). */
    private static Optional<DrainForecast> forecast(List<DrainForecast> forecasts, int n) {
        return n >= 1 && n <= forecasts.size() ? Optional.of(forecasts.get(n - 1)) : Optional.empty();
    }

    private static List<String> plan(DrillOptions options, List<DrainForecast> forecasts) {
        return options.labDrill() ? forecasts.stream().map(DrainForecast::action).toList()
                : options.plan().stream().map(DrillAction::toString).toList();
    }
}
