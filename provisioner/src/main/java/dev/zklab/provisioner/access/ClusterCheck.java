package dev.zklab.provisioner.access;

import dev.zklab.contracts.evidence.Check;
import dev.zklab.kubernetes.Nodes;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * What the provisioner checks on a cluster before the run deploys on it: that it answers, that its
 * Kubernetes is recent enough for zklab's APIs, that it has a schedulable node per member (the lab's
 * anti-affinity puts each member on its own node), and that zklab may do everything its steps do.
 */
public final class ClusterCheck {

    /** policy/v1 PodDisruptionBudget and Eviction, and StatefulSet PVC retention, are GA from here on. */
    static final int MIN_MINOR = 27;

    /** What was found, as the evidence records it. */
    public record Result(String server, String version, int nodes, int schedulableNodes, List<Check> checks) {
        public boolean passed() {
            return checks.stream().allMatch(Check::passed);
        }
    }

    private ClusterCheck() {}

    public static Result of(KubernetesClient client, int members, String namespace) {
        String server = client.getMasterUrl().toString();
        List<Check> checks = new ArrayList<>();
        VersionInfo version;
        try {
            version = client.getKubernetesVersion();
        } catch (KubernetesClientException e) {
            checks.add(Check.fail(
                    "reachable",
                    "the API server answers",
                    "no answer",
                    "the API server at " + server + " did not answer (" + e.getMessage()
                            + "); check that the cluster is running and the kubeconfig's server address"));
            return new Result(server, "", 0, 0, checks);
        }
        checks.add(Check.pass("reachable", "the API server answers", server));
        checks.add(version(version));
        var nodes = client.nodes().list().getItems();
        int schedulable = (int) nodes.stream().filter(Nodes::schedulable).count();
        checks.add(
                schedulable >= members
                        ? Check.pass(
                                "nodes",
                                "at least " + members + " schedulable nodes (one per member)",
                                schedulable + " of " + nodes.size())
                        : Check.fail(
                                "nodes",
                                "at least " + members + " schedulable nodes (one per member)",
                                schedulable + " of " + nodes.size(),
                                "the ensemble's " + members
                                        + " members each need a node of their own (the lab's anti-affinity), and only "
                                        + schedulable
                                        + " nodes are Ready and not cordoned; add nodes or ask for fewer members"));
        checks.add(permissions(client, namespace));
        return new Result(server, version.getGitVersion(), nodes.size(), schedulable, checks);
    }

    private static Check version(VersionInfo version) {
        String expected = "Kubernetes 1." + MIN_MINOR + " or newer";
        int minor;
        try {
            minor = Integer.parseInt(version.getMinor().replaceAll("[^0-9].*$", ""));
        } catch (NumberFormatException e) {
            return Check.pass(
                    "version", expected, version.getGitVersion() + " (minor version not a number; not compared)");
        }
        boolean recent = Integer.parseInt(version.getMajor().replaceAll("[^0-9].*$", "")) > 1 || minor >= MIN_MINOR;
        return recent
                ? Check.pass("version", expected, version.getGitVersion())
                : Check.fail(
                        "version",
                        expected,
                        version.getGitVersion(),
                        "zklab uses policy/v1 evictions and budgets and "
                                + "StatefulSet volume claim retention; upgrade the cluster to 1." + MIN_MINOR
                                + " or newer");
    }

    /** Asks the API server, for each permission zklab needs, whether zklab's identity has it. */
    private static Check permissions(KubernetesClient client, String namespace) {
        List<String> missing = new ArrayList<>();
        for (RequiredAccess.Permission p : RequiredAccess.ALL) {
            SelfSubjectAccessReview review = new SelfSubjectAccessReviewBuilder()
                    .withNewSpec()
                    .withNewResourceAttributes()
                    .withVerb(p.verb())
                    .withGroup(p.group())
                    .withResource(p.resource())
                    .withSubresource(p.subresource())
                    .withNamespace(p.namespaced() ? namespace : "")
                    .endResourceAttributes()
                    .endSpec()
                    .build();
            SelfSubjectAccessReview answer =
                    client.authorization().v1().selfSubjectAccessReview().create(review);
            if (!answer.getStatus().getAllowed()) {
                missing.add(p.describe() + (p.namespaced() ? " in " + namespace : "") + " (" + p.neededBy() + ")");
            }
        }
        String expected = RequiredAccess.ALL.size() + " permissions zklab's steps use";
        return missing.isEmpty()
                ? Check.pass("permissions", expected, "all granted")
                : Check.fail(
                        "permissions",
                        expected,
                        missing.size() + " missing",
                        "zklab's identity may not " + String.join(", ", missing)
                                + "; grant them with RBAC (a ClusterRole bound to zklab's user or service account)");
    }
}
