package dev.zklab.drainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The drainer's own settings (zklab.drainer.*). */
@ConfigMapping(prefix = "zklab.drainer")
public interface DrainerConfig {

    /** A node whose drill has not said it is alive for this long belongs to a drill that ended without restoring it. */
    @WithDefault("60s")
    Duration orphanAfter();

    /** How often the drainer looks for such nodes (it also does at start). */
    @WithDefault("30s")
    Duration sweepEvery();

    /** Where the drainer notes the drills it runs (default: the zklab cache's drainer/drills). */
    Optional<Path> ledgerDir();
}
