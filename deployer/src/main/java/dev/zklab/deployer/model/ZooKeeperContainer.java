package dev.zklab.deployer.model;

import static dev.zklab.support.kubernetes.EnsembleNames.*;

import dev.zklab.contracts.ensemble.ImageProfile;
import dev.zklab.contracts.ensemble.ZooKeeperSettings;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;

/**
 * The ZooKeeper container of the ensemble's pods, by image profile: its ports, mounts and probes, and what it runs
 * (the lab's {@code start-zookeeper} for {@code tutorial}, the ConfigMap's start script for {@code current}). Pure.
 */
final class ZooKeeperContainer {

    /**
     * Readiness and liveness of the {@code current} profile, like the lab's {@code zookeeper-ready}
     * (ruok): the server answers, with or without a quorum. Readiness must not wait for a quorum: with
     * OrderedReady, zk-1 is created only once zk-0 is Ready, and zk-0 alone has no quorum. Whether a
     * member serves in the quorum is checked by zklab itself (srvr) where it matters.
     */
    public static final String PROBE_PATH = "/commands/ruok";

    private ZooKeeperContainer() {}

    static Container of(EnsembleModel model) {
        ImageProfile profile = model.profile();
        ContainerBuilder container = new ContainerBuilder()
                .withName(profile.container())
                .withImage(profile.image())
                .withImagePullPolicy("IfNotPresent")
                .withNewResources()
                .withRequests(Map.of("memory", new Quantity("1Gi"), "cpu", new Quantity("0.5")))
                .endResources()
                .addNewPort()
                .withName("client")
                .withContainerPort(CLIENT_PORT)
                .endPort()
                .addNewPort()
                .withName("server")
                .withContainerPort(SERVER_PORT)
                .endPort()
                .addNewPort()
                .withName("leader-election")
                .withContainerPort(ELECTION_PORT)
                .endPort()
                .addNewVolumeMount()
                .withName(DATA_VOLUME)
                .withMountPath(DATA_MOUNT)
                .endVolumeMount();
        if (profile == ImageProfile.TUTORIAL) {
            Probe ready = new ProbeBuilder()
                    .withNewExec()
                    .withCommand("sh", "-c", "zookeeper-ready " + CLIENT_PORT)
                    .endExec()
                    .withInitialDelaySeconds(10)
                    .withTimeoutSeconds(5)
                    .build();
            return container
                    .withCommand(tutorialCommand(model))
                    .withReadinessProbe(ready)
                    .withLivenessProbe(ready)
                    .build();
        }
        return current(container);
    }

    /** The {@code current} profile's container: the admin and metrics ports, the ConfigMap's start script and files. */
    private static Container current(ContainerBuilder container) {
        return container
                .addNewPort()
                .withName("admin")
                .withContainerPort(ADMIN_PORT)
                .endPort()
                .addNewPort()
                .withName(METRICS_PORT_NAME)
                .withContainerPort(METRICS_PORT)
                .endPort()
                .withCommand("sh", CONFIG_MOUNT + "/" + START_SCRIPT_KEY)
                .addNewEnv()
                .withName(SUPER_DIGEST_ENV)
                .withNewValueFrom()
                .withNewSecretKeyRef()
                .withName(ADMIN_SECRET)
                .withKey(SUPER_DIGEST_KEY)
                .endSecretKeyRef()
                .endValueFrom()
                .endEnv()
                .addNewVolumeMount()
                .withName(CONFIG_VOLUME)
                .withMountPath(CONFIG_MOUNT)
                .withReadOnly(true)
                .endVolumeMount()
                .withReadinessProbe(ruok().withPeriodSeconds(5).build())
                .withLivenessProbe(ruok().build())
                .build();
    }

    /** {@link #PROBE_PATH} on the admin server. */
    private static ProbeBuilder ruok() {
        return new ProbeBuilder()
                .withNewHttpGet()
                .withPath(PROBE_PATH)
                .withPort(new IntOrString("admin"))
                .endHttpGet()
                .withInitialDelaySeconds(10)
                .withTimeoutSeconds(5);
    }

    /** The lab's start-zookeeper command, with this ensemble's settings. */
    static List<String> tutorialCommand(EnsembleModel model) {
        ZooKeeperSettings settings = model.settings();
        String flags = String.join(
                " ",
                "start-zookeeper",
                "--servers=" + model.replicas(),
                "--data_dir=/var/lib/zookeeper/data",
                "--data_log_dir=/var/lib/zookeeper/data/log",
                "--conf_dir=/opt/zookeeper/conf",
                "--client_port=" + CLIENT_PORT,
                "--election_port=" + ELECTION_PORT,
                "--server_port=" + SERVER_PORT,
                "--tick_time=" + settings.get("tickTime"),
                "--init_limit=" + settings.get("initLimit"),
                "--sync_limit=" + settings.get("syncLimit"),
                "--heap=" + settings.get(ZooKeeperSettings.HEAP),
                "--max_client_cnxns=" + settings.get("maxClientCnxns"),
                "--snap_retain_count=" + settings.get("autopurge.snapRetainCount"),
                "--purge_interval=" + settings.get("autopurge.purgeInterval"),
                "--max_session_timeout=" + settings.get("maxSessionTimeout"),
                "--min_session_timeout=" + settings.get("minSessionTimeout"),
                "--log_level=" + settings.logLevel());
        return List.of("sh", "-c", flags);
    }
}
