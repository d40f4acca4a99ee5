package dev.zklab.kubernetes;

import dev.zklab.support.kubernetes.Pods;
import dev.zklab.support.wait.Deadline;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;

/** Waits for a PodDisruptionBudget's status to catch up with its pods (the disruption controller lags behind them). */
public final class BudgetWaits {

    private BudgetWaits() {}

    /**
     * Waits, at most {@code bound} and without failing, until budget {@code name} has observed its latest generation and
     * counts as healthy every Ready pod of {@code selector}; a missing budget is caught up.
     */
    public static void settle(
            KubernetesClient client,
            String namespace,
            String name,
            Map<String, String> selector,
            Duration bound,
            Deadline deadline) {
        deadline.within(bound)
                .settle(
                        "PodDisruptionBudget " + name + " to count the Ready members",
                        Deadline.POLL,
                        () -> client.policy()
                                .v1()
                                .podDisruptionBudget()
                                .inNamespace(namespace)
                                .withName(name)
                                .get(),
                        pdb -> pdb == null || caughtUp(client, pdb, selector));
    }

    private static boolean caughtUp(KubernetesClient client, PodDisruptionBudget pdb, Map<String, String> selector) {
        if (pdb.getStatus() == null
                || pdb.getStatus().getObservedGeneration() == null
                || !pdb.getStatus()
                        .getObservedGeneration()
                        .equals(pdb.getMetadata().getGeneration())) {
            return false;
        }
        long ready =
                client
                        .pods()
                        .inNamespace(pdb.getMetadata().getNamespace())
                        .withLabels(selector)
                        .list()
                        .getItems()
                        .stream()
                        .filter(Pods::isReady)
                        .count();
        return pdb.getStatus().getCurrentHealthy() != null && pdb.getStatus().getCurrentHealthy() == ready;
    }
}
