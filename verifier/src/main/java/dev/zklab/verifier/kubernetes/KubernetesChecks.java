package dev.zklab.verifier.kubernetes;

import dev.zklab.contracts.events.StepOutcome;
import dev.zklab.contracts.evidence.Check;
import dev.zklab.contracts.evidence.DeployEvidence;
import dev.zklab.contracts.evidence.DurabilityEvidence;
import dev.zklab.contracts.evidence.PodTransition;
import dev.zklab.contracts.run.Step;
import dev.zklab.support.kubernetes.EnsembleNames;
import dev.zklab.support.kubernetes.Pods;
import dev.zklab.support.kubernetes.StartOrder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The Kubernetes-level checks of an ensemble, as pure functions of a snapshot (and of the step the
 * verification follows): readiness, start order, identities, DNS records, storage, spread, the PDB.
 */
public final class KubernetesChecks {

    public static final String REPLICAS_READY = "replicas-ready";
    public static final String ORDERED_START = "ordered-start";
    public static final String POD_IDENTITY = "pod-identity";
    public static final String ENDPOINTS = "endpoints";
    public static final String STORAGE = "storage";
    public static final String DISTINCT_NODES = "distinct-nodes";
    public static final String PDB = "pdb";
    public static final String SAME_CLAIMS = "same-claims";

    private KubernetesChecks() {}

    /** @param withBudget whether the run's ensemble has its PodDisruptionBudget ({@code ensemble.podDisruptionBudget}) */
    public static List<Check> evaluate(EnsembleSnapshot snapshot, Optional<StepOutcome> previous, boolean withBudget) {
        List<Check> checks = new ArrayList<>(List.of(
                replicasReady(snapshot),
                orderedStart(snapshot, previous.filter(p -> Step.DEPLOY.id().equals(p.step()))),
                podIdentity(snapshot),
                endpoints(snapshot),
                storage(snapshot),
                distinctNodes(snapshot),
                withBudget ? BudgetChecks.pdb(snapshot) : BudgetChecks.noPdb(snapshot)));
        previous.filter(p -> Step.DURABILITY.id().equals(p.step())).ifPresent(p -> checks.add(sameClaims(snapshot, p)));
        return checks;
    }

    static Check replicasReady(EnsembleSnapshot s) {
        int replicas = s.replicas();
        List<String> problems = new ArrayList<>();
        List<String> observed = new ArrayList<>();
        for (int ordinal : ordinals(s)) {
            Optional<Pod> pod = s.pod(ordinal);
            if (pod.isEmpty()) {
                observed.add(EnsembleNames.podName(ordinal) + " missing");
                problems.add(EnsembleNames.podName(ordinal) + " does not exist");
            } else if (Pods.isReady(pod.get())) {
                observed.add(EnsembleNames.podName(ordinal) + " Ready");
            } else {
                observed.add(EnsembleNames.podName(ordinal) + " not Ready");
                problems.add(EnsembleNames.podName(ordinal) + " is not Ready (" + Pods.whyNotReady(pod.get()) + ")");
            }
        }
        s.pods().keySet().stream()
                .filter(o -> o >= replicas)
                .forEach(o -> problems.add(
                        EnsembleNames.podName(o) + " exists beyond the StatefulSet's " + replicas + " replicas"));
        Integer ready = s.statefulSet().getStatus() == null
                ? null
                : s.statefulSet().getStatus().getReadyReplicas();
        observed.add("StatefulSet readyReplicas " + (ready == null ? 0 : ready));
        return Check.of(
                REPLICAS_READY,
                replicas + " of " + replicas + " pods Ready (StatefulSet zk replicas " + replicas + ")",
                String.join(", ", observed),
                problems,
                "see kubectl describe pod and kubectl logs in namespace " + s.namespace());
    }

    static Check orderedStart(EnsembleSnapshot s, Optional<StepOutcome> deploy) {
        String policy = s.statefulSet().getSpec().getPodManagementPolicy();
        List<String> problems = new ArrayList<>();
        List<String> observed = new ArrayList<>();
        observed.add("podManagementPolicy " + (policy == null ? "OrderedReady (default)" : policy));
        if (policy != null && !"OrderedReady".equals(policy)) {
            problems.add("podManagementPolicy is " + policy
                    + ": the StatefulSet starts members without waiting for their predecessors");
        }
        Optional<List<PodTransition>> timeline = deploy.flatMap(d -> d.evidence(DeployEvidence.class))
                .map(DeployEvidence::timeline)
                .filter(t -> t != null);
        if (timeline.isPresent()) {
            StartOrder.Judgement watched = StartOrder.ofTimeline(timeline.get());
            observed.add("timeline of " + deploy.get().stepId() + ": " + summary(watched));
            problems.addAll(watched.violations());
        }
        StartOrder.Judgement pods = StartOrder.ofPods(s.pods());
        observed.add("pod timestamps: " + summary(pods));
        problems.addAll(pods.violations());
        return Check.of(
                ORDERED_START,
                "each zk-N created only after zk-(N-1) was Ready (OrderedReady)",
                String.join("; ", observed),
                problems,
                null);
    }

    private static String summary(StartOrder.Judgement j) {
        List<String> parts = new ArrayList<>(j.judged());
        parts.addAll(j.violations());
        j.notJudged().forEach(n -> parts.add("not judged: " + n));
        return parts.isEmpty() ? "no pair to judge" : String.join(", ", parts);
    }

    static Check podIdentity(EnsembleSnapshot s) {
        List<String> problems = new ArrayList<>();
        List<String> observed = new ArrayList<>();
        String serviceName = s.statefulSet().getSpec().getServiceName();
        if (!EnsembleNames.HEADLESS_SERVICE.equals(serviceName)) {
            problems.add("StatefulSet serviceName is " + serviceName + ", not " + EnsembleNames.HEADLESS_SERVICE);
        }
        s.pods().values().forEach(pod -> {
            String name = pod.getMetadata().getName();
            String hostname = pod.getSpec().getHostname();
            String subdomain = pod.getSpec().getSubdomain();
            observed.add(name + ": " + hostname + "." + subdomain);
            if (!name.equals(hostname)) {
                problems.add(name + " has hostname " + hostname);
            }
            if (!EnsembleNames.HEADLESS_SERVICE.equals(subdomain)) {
                problems.add(name + " has subdomain " + subdomain);
            }
        });
        return Check.of(
                POD_IDENTITY,
                "hostname = pod name, subdomain " + EnsembleNames.HEADLESS_SERVICE + " (FQDN zk-N."
                        + EnsembleNames.HEADLESS_SERVICE + "." + s.namespace() + ".svc.cluster.local)",
                String.join(", ", observed),
                problems,
                "members find each other by these names");
    }

    static Check endpoints(EnsembleSnapshot s) {
        Map<String, Endpoint> byPod = new TreeMap<>();
        s.endpointSlices()
                .forEach(slice -> Optional.ofNullable(slice.getEndpoints())
                        .orElse(List.of())
                        .forEach(e -> {
                            if (e.getTargetRef() != null
                                    && "Pod".equals(e.getTargetRef().getKind())) {
                                byPod.put(e.getTargetRef().getName(), e);
                            }
                        }));
        List<String> problems = new ArrayList<>();
        List<String> observed = new ArrayList<>();
        for (int ordinal : ordinals(s)) {
            String name = EnsembleNames.podName(ordinal);
            Endpoint endpoint = byPod.get(name);
            String podIp = s.pod(ordinal)
                    .map(p -> p.getStatus() == null ? null : p.getStatus().getPodIP())
                    .orElse(null);
            if (endpoint == null) {
                problems.add("no endpoint for " + name);
                continue;
            }
            List<String> addresses =
                    Optional.ofNullable(endpoint.getAddresses()).orElse(List.of());
            observed.add(endpoint.getHostname() + " -> " + String.join("/", addresses));
            if (!name.equals(endpoint.getHostname())) {
                problems.add(name + "'s endpoint has hostname " + endpoint.getHostname());
            }
            if (podIp == null || !addresses.contains(podIp)) {
                problems.add(name + "'s endpoint lists " + addresses + ", the pod's IP is " + podIp);
            }
        }
        return Check.of(
                ENDPOINTS,
                "the EndpointSlices of " + EnsembleNames.HEADLESS_SERVICE
                        + " list every member with its hostname and pod IP (the DNS records the members use)",
                observed.isEmpty()
                        ? "no endpoints (" + s.endpointSlices().size() + " slices)"
                        : String.join(", ", observed),
                problems,
                "check Service " + EnsembleNames.HEADLESS_SERVICE + " (selector app=zk, publishNotReadyAddresses)");
    }

    static Check storage(EnsembleSnapshot s) {
        List<String> problems = new ArrayList<>();
        List<String> observed = new ArrayList<>();
        for (int ordinal : ordinals(s)) {
            String claimName = EnsembleNames.claimName(ordinal);
            Optional<PersistentVolumeClaim> claim = s.claim(ordinal);
            String phase = claim.map(
                            c -> c.getStatus() == null ? null : c.getStatus().getPhase())
                    .orElse(null);
            String mountedBy =
                    s.pod(ordinal).flatMap(KubernetesChecks::dataClaim).orElse(null);
            observed.add(claimName + " "
                    + (claim.isEmpty()
                            ? "missing"
                            : phase + " (" + claim.get().getSpec().getVolumeName() + ")") + " used by "
                    + (mountedBy == null ? "nothing" : EnsembleNames.podName(ordinal)));
            if (claim.isEmpty()) {
                problems.add(claimName + " does not exist");
            } else if (!"Bound".equals(phase)) {
                problems.add(claimName + " is " + phase + ", not Bound");
            }
            if (s.pod(ordinal).isPresent() && !claimName.equals(mountedBy)) {
                problems.add(EnsembleNames.podName(ordinal) + " mounts " + mountedBy + " as "
                        + EnsembleNames.DATA_VOLUME + ", not " + claimName);
            }
        }
        return Check.of(
                STORAGE,
                "each datadir-zk-N Bound and used by zk-N",
                String.join(", ", observed),
                problems,
                "see kubectl describe pvc in namespace " + s.namespace() + " and the StorageClass");
    }

    private static Optional<String> dataClaim(Pod pod) {
        return pod.getSpec().getVolumes().stream()
                .filter(v -> EnsembleNames.DATA_VOLUME.equals(v.getName()) && v.getPersistentVolumeClaim() != null)
                .map(v -> v.getPersistentVolumeClaim().getClaimName())
                .findFirst();
    }

    static Check distinctNodes(EnsembleSnapshot s) {
        Map<String, List<String>> byNode = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        s.pods().values().forEach(pod -> {
            String node = pod.getSpec().getNodeName();
            if (node == null || node.isBlank()) {
                problems.add(pod.getMetadata().getName() + " is not scheduled");
            } else {
                byNode.computeIfAbsent(node, n -> new ArrayList<>())
                        .add(pod.getMetadata().getName());
            }
        });
        byNode.forEach((node, pods) -> {
            if (pods.size() > 1) {
                problems.add(String.join(" and ", pods) + " share node " + node + ": losing it loses " + pods.size()
                        + " members");
            }
        });
        String observed = byNode.entrySet().stream()
                .map(e -> e.getKey() + ": " + String.join(", ", e.getValue()))
                .collect(Collectors.joining("; "));
        return Check.of(
                DISTINCT_NODES,
                "every member on its own node (required pod anti-affinity)",
                observed.isEmpty() ? "no member scheduled" : observed,
                problems,
                "check the StatefulSet's podAntiAffinity and that the cluster has a schedulable node per member");
    }

    /** After the durability step: every member's claim is the one it had before the StatefulSet was deleted. */
    static Check sameClaims(EnsembleSnapshot s, StepOutcome durability) {
        Map<String, String> before = new TreeMap<>(durability
                .evidence(DurabilityEvidence.class)
                .map(DurabilityEvidence::claimsBefore)
                .orElse(Map.of()));
        Map<String, String> now = new TreeMap<>();
        before.keySet()
                .forEach(name -> now.put(
                        name,
                        Optional.ofNullable(s.claims().get(name))
                                .map(c -> c.getMetadata().getUid())
                                .orElse("missing")));
        List<String> problems = new ArrayList<>();
        if (before.isEmpty()) {
            problems.add("the evidence of " + durability.stepId() + " records no claims");
        }
        before.forEach((name, uid) -> {
            if (!uid.equals(now.get(name))) {
                problems.add(name + " is " + now.get(name) + ", was " + uid);
            }
        });
        return Check.of(
                SAME_CLAIMS,
                "each member's PVC the same claim (uid) as before " + durability.stepId() + " deleted the StatefulSet: "
                        + before,
                String.valueOf(now),
                problems,
                "data that was on the old claims is not what the members serve");
    }

    private static List<Integer> ordinals(EnsembleSnapshot s) {
        return IntStream.range(0, s.replicas()).boxed().toList();
    }
}
