package dev.zklab.deployer.steps;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zklab.common.ensemble.EnsembleNames;
import dev.zklab.common.run.Step;
import dev.zklab.deployer.apply.Deadline;
import dev.zklab.deployer.apply.EnsembleApplier;
import dev.zklab.deployer.apply.PodFacts;
import dev.zklab.deployer.apply.Rollout;
import dev.zklab.deployer.apply.ScaleObjects;
import dev.zklab.deployer.config.DeployerConfig;
import dev.zklab.deployer.model.EnsembleModel;
import dev.zklab.deployer.model.EnsembleValidator;
import dev.zklab.deployer.scale.Reconfiguration;
import dev.zklab.deployer.scale.ScalePlan;
import dev.zklab.members.FourLetterWords;
import dev.zklab.members.MemberAccess;
import dev.zklab.members.QuorumConfig;
import dev.zklab.members.ServerStatus;
import dev.zklab.members.SuperUser;
import dev.zklab.members.ZooKeeperTimeouts;
import dev.zklab.steps.StepContext;
import dev.zklab.steps.StepHandler;
import dev.zklab.steps.StepResult;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The lab's "expand", done right: grows or shrinks the ensemble one member at a time with ZooKeeper
 * dynamic reconfiguration (grow: start the pod, wait Ready, add it; shrink: remove it, then its pod
 * and PVC), never losing the quorum. Param {@code replicas} is the target (default: two more members).
 */
@ApplicationScoped
public class ScaleStep implements StepHandler {

    private static final Duration SRVR_TIMEOUT = Duration.ofSeconds(5);
    /** How long taking back a member that could not be added may take (also after the step's own deadline). */
    private static final Duration UNDO_TIMEOUT = Duration.ofMinutes(2);

    private final ObjectMapper json;
    private final DeployerConfig config;

    public ScaleStep(ObjectMapper json, DeployerConfig config) {
        this.json = json;
        this.config = config;
    }

    @Override
    public Step step() {
        return Step.SCALE;
    }

    @Override
    public StepResult run(StepContext context) throws Exception {
        EnsembleModel spec = StepSupport.model(context);
        if (!spec.profile().reconfigurable()) {
            return StepResult.failed("the " + spec.profile().id() + " profile's ZooKeeper 3.4 has no dynamic reconfiguration:"
                    + " its members' server lists are fixed by --servers, so scaling the StatefulSet would not grow the quorum;"
                    + " use imageProfile 'current' to scale", false);
        }
        try (KubernetesClient client = context.cluster()) {
            EnsembleModel model = StepSupport.deployed(client, spec, "scale");
            int target = target(context, model);
            MemberAccess access = StepSupport.members(client, model, config);
            SuperUser superUser = new EnsembleApplier(client).superUser(model.namespace()).orElseThrow(() -> new IllegalStateException(
                    "Secret " + EnsembleNames.ADMIN_SECRET + " is missing in " + model.namespace()
                            + "; reconfiguration needs the super user it holds: run the deploy step again to restore it"));
            Reconfiguration reconfiguration = new Reconfiguration(access, superUser,
                    ordinal -> EnsembleNames.serverSpec(model.namespace(), ordinal), ZooKeeperTimeouts.defaults());
            Set<Integer> all = ordinals(model.replicas());
            QuorumConfig config = reconfiguration.current(all);
            Set<Integer> members = config.participants().stream().map(EnsembleNames::ordinalOfServerId)
                    .collect(Collectors.toCollection(TreeSet::new));
            List<ScalePlan.Change> plan = ScalePlan.plan(members, serving(access, all), target, schedulableNodes(client));

            ObjectNode evidence = json.createObjectNode().put("from", model.replicas()).put("to", target).put("via", access.describe());
            ArrayNode changes = evidence.putArray("changes");
            var deadline = StepSupport.deadline(context);
            EnsembleModel current = model;
            ScaleObjects objects = new ScaleObjects(client);
            for (ScalePlan.Change change : plan) {
                String pod = EnsembleNames.podName(change.ordinal());
                Set<Integer> before = ordinals(current.replicas());
                QuorumConfig after;
                Map<Integer, QuorumConfig> views;
                if (change instanceof ScalePlan.Add) {
                    context.progress("starting " + pod + ", then adding it to the ensemble");
                    EnsembleModel grown = objects.addMember(current, deadline);
                    try {
                        after = reconfiguration.add(change.ordinal(), before, deadline.remaining());
                    } catch (RuntimeException e) {
                        // Not in the configuration: its pod and PVC go again, the ensemble stays as it was.
                        objects.removeMember(grown, Deadline.in(UNDO_TIMEOUT, () -> false));
                        throw e;
                    }
                    current = grown;
                    views = reconfiguration.awaitAgreement(ordinals(current.replicas()), after, deadline.remaining());
                } else {
                    context.progress("removing " + pod + " from the ensemble, then its pod and PVC");
                    Set<Integer> remaining = ordinals(current.replicas() - 1);
                    after = reconfiguration.remove(change.ordinal(), remaining, deadline.remaining());
                    views = reconfiguration.awaitAgreement(remaining, after, deadline.remaining());
                    current = objects.removeMember(current, deadline);
                }
                ObjectNode step = changes.addObject()
                        .put("change", (change instanceof ScalePlan.Add ? "add " : "remove ") + pod)
                        .put("configVersion", Long.toHexString(after.version()));
                step.set("servers", json.valueToTree(after.servers()));
                ObjectNode agreed = step.putObject("membersAgree");
                views.forEach((ordinal, view) -> agreed.put(EnsembleNames.podName(ordinal), view.servers().equals(after.servers())));
            }
            evidence.set("pods", json.valueToTree(PodFacts.of(new Rollout(client, model.namespace()).pods().values())));
            return StepResult.succeeded(evidence);
        }
    }

    private static int target(StepContext context, EnsembleModel model) {
        String replicas = context.command().params().get("replicas");
        if (replicas == null) {
            return Math.min(model.replicas() + 2, EnsembleValidator.MAX_MEMBERS);
        }
        try {
            return Integer.parseInt(replicas.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("params.replicas '" + replicas + "' is not a number of members");
        }
    }

    /** Nodes a new member could go to: Ready and not cordoned. */
    private static int schedulableNodes(KubernetesClient client) {
        return (int) client.nodes().list().getItems().stream()
                .filter(n -> n.getSpec().getUnschedulable() == null || !n.getSpec().getUnschedulable())
                .filter(n -> n.getStatus() != null && n.getStatus().getConditions() != null && n.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
                .count();
    }

    /** The members that answer srvr as part of a quorum now. */
    private static Set<Integer> serving(MemberAccess access, Set<Integer> ordinals) {
        Set<Integer> serving = new TreeSet<>();
        for (int ordinal : ordinals) {
            try {
                if (ServerStatus.parse(FourLetterWords.ask(access, ordinal, "srvr", SRVR_TIMEOUT)).serving()) {
                    serving.add(ordinal);
                }
            } catch (RuntimeException e) {
                // Not answering is not serving; the plan says whether the change can still keep a quorum.
            }
        }
        return serving;
    }

    private static Set<Integer> ordinals(int replicas) {
        return IntStream.range(0, replicas).boxed().collect(Collectors.toCollection(TreeSet::new));
    }
}
