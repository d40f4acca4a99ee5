package dev.zklab.provisioner.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The provisioner's own settings (zklab.provisioner.*). */
@ConfigMapping(prefix = "zklab.provisioner")
public interface ProvisionerConfig {

    /** The {@code localkube} command that makes {@code local} clusters; default: the one of zklab's repository. */
    Optional<Path> localkube();

    /** The {@code kind} command that makes {@code kind} clusters (a path, or a name found on PATH). */
    @WithDefault("kind")
    String kind();

    /** The machine type of a GKE cluster's nodes when the run does not name one (the lab's). */
    @WithDefault("n1-standard-2")
    String machineType();

    /** How often a GKE operation (create, delete) is looked at. */
    @WithDefault("5s")
    Duration operationPoll();
}
