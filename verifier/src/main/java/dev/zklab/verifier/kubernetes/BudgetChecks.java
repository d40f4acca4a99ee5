package dev.zklab.verifier.kubernetes;

import dev.zklab.contracts.evidence.Check;
import dev.zklab.support.kubernetes.EnsembleNames;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The check of the ensemble's PodDisruptionBudget (check {@code pdb}): the lab's, one member at a time, counting every
 * member and allowing one disruption now; or none at all when the run deploys the ensemble without it. Pure.
 */
final class BudgetChecks {

    /** The PDB's {@code maxUnavailable}: one member at a time may be disrupted. */
    static final int MAX_UNAVAILABLE = 1;

    private BudgetChecks() {}

    /** The ensemble's budget as the lab has it, and as a drain needs it now. */
    static Check pdb(EnsembleSnapshot s) {
        int replicas = s.replicas();
        String expected = EnsembleNames.PDB + ": maxUnavailable " + MAX_UNAVAILABLE + ", selects app=zk, expectedPods "
                + replicas + ", disruptionsAllowed " + MAX_UNAVAILABLE;
        if (s.pdb().isEmpty()) {
            return Check.fail(
                    KubernetesChecks.PDB,
                    expected,
                    "no PodDisruptionBudget " + EnsembleNames.PDB,
                    "PodDisruptionBudget " + EnsembleNames.PDB + " is missing in namespace " + s.namespace()
                            + ": nothing stops a drain from taking several members at once; run the deploy step again");
        }
        PodDisruptionBudget pdb = s.pdb().get();
        List<String> problems = new ArrayList<>();
        IntOrString max = pdb.getSpec().getMaxUnavailable();
        String maxUnavailable =
                max == null ? null : max.getIntVal() != null ? max.getIntVal().toString() : max.getStrVal();
        Map<String, String> selector = pdb.getSpec().getSelector() == null
                ? null
                : pdb.getSpec().getSelector().getMatchLabels();
        var status = pdb.getStatus();
        int allowed = status == null || status.getDisruptionsAllowed() == null ? 0 : status.getDisruptionsAllowed();
        int expectedPods = status == null || status.getExpectedPods() == null ? 0 : status.getExpectedPods();
        int healthy = status == null || status.getCurrentHealthy() == null ? 0 : status.getCurrentHealthy();
        int desired = status == null || status.getDesiredHealthy() == null ? 0 : status.getDesiredHealthy();
        if (!String.valueOf(MAX_UNAVAILABLE).equals(maxUnavailable)) {
            problems.add("maxUnavailable is " + maxUnavailable);
        }
        if (!EnsembleNames.SELECTOR.equals(selector)) {
            problems.add("selector is " + selector);
        }
        if (expectedPods != replicas) {
            problems.add("it counts " + expectedPods + " pods, the StatefulSet has " + replicas);
        }
        if (allowed != MAX_UNAVAILABLE) {
            problems.add("disruptionsAllowed is " + allowed + " (" + healthy + " healthy, " + desired + " needed)"
                    + (allowed == 0 ? ": a drain of any member's node would be refused (HTTP 429)" : ""));
        }
        return Check.of(
                KubernetesChecks.PDB,
                expected,
                "maxUnavailable " + maxUnavailable + ", selector " + selector + ", expectedPods " + expectedPods
                        + ", currentHealthy " + healthy + ", desiredHealthy " + desired + ", disruptionsAllowed "
                        + allowed,
                problems,
                "see kubectl describe pdb " + EnsembleNames.PDB + " -n " + s.namespace());
    }

    /** An ensemble the run deployed without its budget ({@code ensemble.podDisruptionBudget: false}) has none. */
    static Check noPdb(EnsembleSnapshot s) {
        String expected = "no PodDisruptionBudget " + EnsembleNames.PDB
                + " (the run asked for none: ensemble.podDisruptionBudget false)";
        return s.pdb().isEmpty()
                ? Check.pass(KubernetesChecks.PDB, expected, "none")
                : Check.fail(
                        KubernetesChecks.PDB,
                        expected,
                        "PodDisruptionBudget " + EnsembleNames.PDB + " exists",
                        "PodDisruptionBudget " + EnsembleNames.PDB + " exists in namespace " + s.namespace()
                                + " though the run deploys the ensemble without one; run the deploy step again to remove it");
    }
}
