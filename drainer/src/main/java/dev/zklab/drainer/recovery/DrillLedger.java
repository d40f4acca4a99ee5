package dev.zklab.drainer.recovery;

import dev.zklab.contracts.cluster.ClusterRef;
import dev.zklab.contracts.events.EventCodec;
import dev.zklab.drainer.config.DrainerConfig;
import dev.zklab.support.files.ZklabCache;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The drills this drainer has begun and not ended, on disk (one small file per run, naming its cluster):
 * after a crash the restarted drainer knows which clusters may hold nodes its drills cordoned. Also
 * which drills run in this process now, so that recovery never touches a drill that is alive here.
 */
@Singleton
public class DrillLedger {

    private final Path dir;
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    @Inject
    public DrillLedger(DrainerConfig config) {
        this(config.ledgerDir().orElseGet(() -> ZklabCache.directory().resolve("drainer/drills")));
    }

    DrillLedger(Path dir) {
        this.dir = dir;
    }

    /** Notes that a drill of {@code runId} begins on {@code cluster}. */
    public void begin(String runId, ClusterRef cluster) {
        running.add(runId);
        try {
            Files.createDirectories(dir);
            Files.writeString(file(runId), EventCodec.mapper().writeValueAsString(cluster));
        } catch (IOException e) {
            running.remove(runId);
            throw new UncheckedIOException(
                    "cannot note the drill of run " + runId + " in " + dir
                            + " (the drainer needs it to restore nodes after a crash); check that the directory is writable",
                    e);
        }
    }

    /**
     * The drill of {@code runId} stopped here but may still hold nodes (restoring them failed): its note
     * stays, so that recovery restores them once they are no longer renewed.
     */
    public void stoppedHere(String runId) {
        running.remove(runId);
    }

    /** The drill of {@code runId} is over here (its nodes are restored, or another drainer holds them). */
    public void end(String runId) {
        running.remove(runId);
        try {
            Files.deleteIfExists(file(runId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file(runId), e);
        }
    }

    public boolean runningHere(String runId) {
        return running.contains(runId);
    }

    /** The drills noted and not ended, by run. */
    public Map<String, ClusterRef> unfinished() {
        Map<String, ClusterRef> drills = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return drills;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .toList()) {
                String runId = file.getFileName().toString().replaceFirst("\\.json$", "");
                drills.put(runId, EventCodec.mapper().readValue(Files.readString(file), ClusterRef.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the drills noted in " + dir, e);
        }
        return drills;
    }

    private Path file(String runId) {
        if (!runId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("run id '" + runId + "' cannot name a file");
        }
        return dir.resolve(runId + ".json");
    }
}
