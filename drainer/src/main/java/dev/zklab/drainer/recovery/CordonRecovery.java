package dev.zklab.drainer.recovery;

import dev.zklab.clusters.ClusterResolver;
import dev.zklab.clusters.UnknownClusterException;
import dev.zklab.contracts.cluster.ClusterRef;
import dev.zklab.drainer.config.DrainerConfig;
import dev.zklab.drainer.drain.Cordons;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Restores the nodes of drills that are no longer running: at start and then every
 * {@code zklab.drainer.sweep-every}, for each drill the {@link DrillLedger} notes, the nodes its run holds
 * cordoned are uncordoned once no drill has said it is alive on them for {@code zklab.drainer.orphan-after}
 * — a drill delivered again after a crash renews them first, and goes on instead.
 */
@Singleton
public class CordonRecovery {

    private static final Logger LOG = Logger.getLogger(CordonRecovery.class);

    private final DrillLedger ledger;
    private final ClusterResolver clusters;
    private final DrainerConfig config;
    private ScheduledExecutorService sweeper;

    public CordonRecovery(DrillLedger ledger, ClusterResolver clusters, DrainerConfig config) {
        this.ledger = ledger;
        this.clusters = clusters;
        this.config = config;
    }

    void start(@Observes StartupEvent started) {
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cordon-recovery");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(
                this::sweepQuietly, 0, config.sweepEvery().toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }

    /** One look at every unfinished drill; returns the nodes it restored. */
    public List<String> sweep() {
        List<String> restored = new ArrayList<>();
        for (Map.Entry<String, ClusterRef> drill : ledger.unfinished().entrySet()) {
            String runId = drill.getKey();
            if (ledger.runningHere(runId)) {
                continue;
            }
            KubernetesClient resolved;
            try {
                resolved = clusters.resolve(drill.getValue());
            } catch (UnknownClusterException e) {
                LOG.infof("the cluster of run %s's drill is gone (%s): no node to restore", runId, e.getMessage());
                ledger.end(runId);
                continue;
            }
            try (KubernetesClient client = resolved) {
                Cordons cordons = new Cordons(client);
                List<Node> held = cordons.heldBy(runId);
                Instant orphaned = Instant.now().minus(config.orphanAfter());
                boolean alive = held.stream()
                        .anyMatch(n ->
                                Cordons.renewed(n).map(t -> t.isAfter(orphaned)).orElse(false));
                if (alive) {
                    continue;
                }
                List<String> nodes = cordons.restoreAll(runId);
                if (!nodes.isEmpty()) {
                    LOG.warnf(
                            "uncordoned %s: the drill of run %s that cordoned them is no longer running (not renewed for %s)",
                            nodes, runId, config.orphanAfter());
                }
                restored.addAll(nodes);
                ledger.end(runId);
            }
        }
        return restored;
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warnf(
                    "could not look for nodes left cordoned by drills that ended: %s (next look in %s)",
                    e.getMessage(), config.sweepEvery());
        }
    }
}
