package dev.zklab.deployer.steps;

import dev.zklab.contracts.evidence.ScaleEvidence;
import dev.zklab.contracts.run.EnsembleSpec;
import dev.zklab.contracts.run.Step;
import dev.zklab.deployer.kubernetes.EnsembleApplier;
import dev.zklab.deployer.kubernetes.MemberObjects;
import dev.zklab.deployer.model.EnsembleModel;
import dev.zklab.deployer.zookeeper.Reconfiguration;
import dev.zklab.deployer.zookeeper.ScalePlan;
import dev.zklab.kubernetes.Nodes;
import dev.zklab.kubernetes.StatefulSetRollout;
import dev.zklab.members.MemberAccess;
import dev.zklab.members.Quorum;
import dev.zklab.members.QuorumConfig;
import dev.zklab.members.SuperUser;
import dev.zklab.members.ZooKeeperTimeouts;
import dev.zklab.steps.StepContext;
import dev.zklab.steps.StepResult;
import dev.zklab.support.kubernetes.EnsembleNames;
import dev.zklab.support.kubernetes.Pods;
import dev.zklab.support.wait.Deadline;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The lab's "expand", done right, and the one place that tells how zklab scales: grows or shrinks the
 * ensemble one member at a time with ZooKeeper dynamic reconfiguration, never losing the quorum.
 * <ol>
 * <li>{@link ScalePlan} (pure) turns the target into single-member changes and refuses one that would
 *     leave some step without a serving quorum of the old or the new configuration;</li>
 * <li>grow: {@link MemberObjects#addMember} starts the pod and waits until it is Ready, then
 *     {@link Reconfiguration#add} makes it a voter (a member that cannot be added is taken away again);</li>
 * <li>shrink: {@link Reconfiguration#remove} first, then {@link MemberObjects#removeMember} deletes its pod
 *     and PVC;</li>
 * <li>after each change every member must hold the new membership ({@link Quorum#awaitAgreement}).</li>
 * </ol>
 * Param {@code replicas} is the target (default: two more members).
 */
@Singleton
public class ScaleStep extends EnsembleStep {

    public ScaleStep() {
        super(Step.SCALE);
    }

    @Override
    StepResult run(StepContext context, EnsembleModel spec, KubernetesClient client) throws Exception {
        if (!spec.profile().reconfigurable()) {
            return StepResult.failed(
                    "the " + spec.profile().id() + " profile's ZooKeeper 3.4 has no dynamic reconfiguration:"
                            + " its members' server lists are fixed by --servers, so scaling the StatefulSet would not grow the quorum;"
                            + " use imageProfile 'current' to scale",
                    false);
        }
        EnsembleModel model = deployed(client, spec);
        int target = target(context, model);
        MemberAccess access = context.members(model.namespace());
        Quorum quorum = new Quorum(access);
        Reconfiguration reconfiguration = reconfiguration(client, model, access);
        Set<Integer> all = ordinals(model.replicas());
        Set<Integer> members = reconfiguration.current(all).participants().stream()
                .map(EnsembleNames::ordinalOfServerId)
                .collect(Collectors.toCollection(TreeSet::new));
        List<ScalePlan.Change> plan = ScalePlan.plan(
                members, quorum.serving(all), target, Nodes.schedulable(client).size());

        List<ScaleEvidence.Change> changes = new ArrayList<>();
        Deadline deadline = context.deadline();
        EnsembleModel current = model;
        MemberObjects objects = new MemberObjects(client);
        current = removeHalfWay(context, objects, current, members.size());
        for (ScalePlan.Change change : plan) {
            String pod = EnsembleNames.podName(change.ordinal());
            QuorumConfig after;
            Map<Integer, QuorumConfig> views;
            if (change instanceof ScalePlan.Add) {
                context.progress("starting " + pod + ", then adding it to the ensemble");
                Set<Integer> before = ordinals(current.replicas());
                EnsembleModel grown = objects.addMember(current, deadline);
                after = addOrUndo(objects, reconfiguration, grown, change.ordinal(), before, deadline);
                current = grown;
                views = quorum.awaitAgreement(ordinals(current.replicas()), after, deadline);
            } else {
                context.progress("removing " + pod + " from the ensemble, then its pod and PVC");
                Set<Integer> remaining = ordinals(current.replicas() - 1);
                after = reconfiguration.remove(change.ordinal(), remaining, deadline);
                views = quorum.awaitAgreement(remaining, after, deadline);
                current = objects.removeMember(current, deadline);
            }
            changes.add(evidence(change, after, views));
        }
        return StepResult.succeeded(new ScaleEvidence(
                members.size(),
                target,
                access.describe(),
                changes,
                Pods.facts(
                        new StatefulSetRollout(client, model.namespace()).pods().values())));
    }

    /**
     * Pods beyond the configuration are what an earlier attempt left half-way (started but never added, or removed but
     * not yet stopped): they go first, so the step is safe to run twice.
     */
    private static EnsembleModel removeHalfWay(
            StepContext context, MemberObjects objects, EnsembleModel current, int members) throws Exception {
        while (current.replicas() > members) {
            context.progress(EnsembleNames.podName(current.replicas() - 1) + " is not in the ensemble's configuration"
                    + " (an earlier attempt stopped half-way): removing its pod and PVC");
            current = objects.removeMember(current, context.deadline());
        }
        return current;
    }

    /**
     * Adds the started member to the configuration. When that fails it is not in it: its pod and PVC go again and the
     * ensemble stays as it was. Should that fail too, the next attempt removes the pod first; the add's failure is
     * the news.
     */
    private static QuorumConfig addOrUndo(
            MemberObjects objects,
            Reconfiguration reconfiguration,
            EnsembleModel grown,
            int ordinal,
            Set<Integer> before,
            Deadline deadline)
            throws Exception {
        try {
            return reconfiguration.add(ordinal, before, deadline);
        } catch (Exception e) {
            try {
                objects.removeMember(grown, Deadline.in(MemberObjects.UNDO_TIMEOUT));
            } catch (Exception undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
    }

    /** Reconfiguration of the ensemble as its super user, whose Secret the deploy step made. */
    private static Reconfiguration reconfiguration(KubernetesClient client, EnsembleModel model, MemberAccess access) {
        SuperUser superUser = new EnsembleApplier(client)
                .superUser(model.namespace())
                .orElseThrow(
                        () -> new IllegalStateException(
                                "Secret " + EnsembleNames.ADMIN_SECRET + " is missing in " + model.namespace()
                                        + "; reconfiguration needs the super user it holds: run the deploy step again to restore it"));
        return new Reconfiguration(
                access,
                superUser,
                ordinal -> EnsembleNames.serverSpec(model.namespace(), ordinal),
                ZooKeeperTimeouts.defaults());
    }

    /** One change as the evidence says it: what changed, the configuration after it, and which members saw it. */
    private static ScaleEvidence.Change evidence(
            ScalePlan.Change change, QuorumConfig after, Map<Integer, QuorumConfig> views) {
        Map<String, Boolean> agreed = new LinkedHashMap<>();
        views.forEach((ordinal, view) -> agreed.put(EnsembleNames.podName(ordinal), view.sameServers(after)));
        return new ScaleEvidence.Change(
                (change instanceof ScalePlan.Add ? "add " : "remove ") + EnsembleNames.podName(change.ordinal()),
                Long.toHexString(after.version()),
                after.servers(),
                agreed);
    }

    private static int target(StepContext context, EnsembleModel model) {
        String replicas = context.command().params().get("replicas");
        if (replicas == null) {
            return Math.min(model.replicas() + 2, EnsembleSpec.MAX_MEMBERS);
        }
        try {
            return Integer.parseInt(replicas.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "params.replicas '" + replicas + "' is not a number of members; give a whole number from 1 to "
                            + EnsembleSpec.MAX_MEMBERS + ", e.g. 5");
        }
    }

    private static Set<Integer> ordinals(int replicas) {
        return IntStream.range(0, replicas).boxed().collect(Collectors.toCollection(TreeSet::new));
    }
}
