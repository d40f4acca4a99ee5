package dev.zklab.support.kubernetes;

import java.util.Map;

/**
 * Every name, label, port and key of a deployed ensemble, in one place: the deployer builds the
 * objects with them, the verifier and drainer find the objects by them, and localkube's pod runtime
 * reads the configuration contract by them.
 */
public final class EnsembleNames {

    /** The StatefulSet; its pods are {@code zk-0}, {@code zk-1}, ... */
    public static final String STATEFULSET = "zk";
    /** Headless Service: the members' stable DNS names and their server and election ports. */
    public static final String HEADLESS_SERVICE = "zk-hs";
    /** Client Service on 2181. */
    public static final String CLIENT_SERVICE = "zk-cs";

    public static final String PDB = "zk-pdb";
    /** ZooKeeper configuration, logging configuration and the start script of the {@code current} profile. */
    public static final String CONFIG_MAP = "zk-config";
    /** The ZooKeeper super user's password and digest; dynamic reconfiguration needs the super user. */
    public static final String ADMIN_SECRET = "zk-admin";
    /** Volume claim template: each member's PVC is {@code datadir-zk-N}. */
    public static final String DATA_VOLUME = "datadir";

    public static final String CONFIG_VOLUME = "config";

    public static final String APP_LABEL = "app";
    public static final String APP = "zk";
    /** The lab's selector, on every object and pod. */
    public static final Map<String, String> SELECTOR = Map.of(APP_LABEL, APP);
    /** The selector and zklab's mark, without a run: on the pod and claim templates, which outlive the run that made them. */
    public static final Map<String, String> LABELS = Map.of(APP_LABEL, APP, Marks.MANAGED_BY, Marks.ZKLAB);

    /** Pod-template annotation: hash of the rendered configuration; a change rolls the members. */
    public static final String CONFIG_HASH_ANNOTATION = "zklab.dev/config-hash";
    /** Pod-template annotation: the ZooKeeper settings that differ from the lab's (JSON), so a revision can be restored. */
    public static final String SETTINGS_ANNOTATION = "zklab.dev/zookeeper-settings";
    /** Pod-template annotation: the image profile of the revision. */
    public static final String PROFILE_ANNOTATION = "zklab.dev/image-profile";
    /** The field manager of every server-side apply zklab does. */
    public static final String FIELD_MANAGER = "zklab";

    public static final int CLIENT_PORT = 2181;
    public static final int SERVER_PORT = 2888;
    public static final int ELECTION_PORT = 3888;
    /** ZooKeeper's AdminServer (HTTP), which the {@code current} profile's probes ask. */
    public static final int ADMIN_PORT = 8080;
    /** ZooKeeper's Prometheus metrics provider ({@code GET /metrics}) in the {@code current} profile. */
    public static final int METRICS_PORT = 7000;
    /** The container port's name that Prometheus' scrape configuration looks for (deploy/prometheus). */
    public static final String METRICS_PORT_NAME = "metrics";

    /** Keys of {@link #CONFIG_MAP}. */
    public static final String ZOO_CFG_KEY = "zoo.cfg";
    /** The membership a member starts with when its volume has none yet (ZooKeeper owns it afterwards). */
    public static final String DYNAMIC_CFG_KEY = "zoo.cfg.dynamic";

    public static final String LOGBACK_KEY = "logback.xml";
    public static final String JAVA_ENV_KEY = "java.env";
    public static final String START_SCRIPT_KEY = "start-zookeeper.sh";
    /** Keys of {@link #ADMIN_SECRET}. */
    public static final String SUPER_PASSWORD_KEY = "password";

    public static final String SUPER_DIGEST_KEY = "superDigest";
    /** Environment variable that carries the super digest into the server JVM. */
    public static final String SUPER_DIGEST_ENV = "ZK_SUPER_DIGEST";

    public static final String SUPER_USER = "super";

    /** Mount points inside the container. */
    public static final String DATA_MOUNT = "/var/lib/zookeeper";

    public static final String CONFIG_MOUNT = "/etc/zklab";

    private EnsembleNames() {}

    public static String podName(int ordinal) {
        return STATEFULSET + "-" + ordinal;
    }

    /** ZooKeeper's server id of a member: its ordinal + 1 (the lab's {@code myid}). */
    public static int serverId(int ordinal) {
        return ordinal + 1;
    }

    public static int ordinalOfServerId(int serverId) {
        return serverId - 1;
    }

    /** The ordinal of a pod of the StatefulSet, from its name. */
    public static int ordinal(String podName) {
        if (!podName.startsWith(STATEFULSET + "-")) {
            throw new IllegalArgumentException(podName + " is not a pod of StatefulSet " + STATEFULSET);
        }
        return Integer.parseInt(podName.substring(STATEFULSET.length() + 1));
    }

    public static String claimName(int ordinal) {
        return DATA_VOLUME + "-" + podName(ordinal);
    }

    /** The member's stable DNS name inside the cluster. */
    public static String memberHost(String namespace, int ordinal) {
        return podName(ordinal) + "." + HEADLESS_SERVICE + "." + namespace + ".svc.cluster.local";
    }

    /** The member's line of ZooKeeper's dynamic configuration (without the {@code server.N=} key). */
    public static String serverSpec(String namespace, int ordinal) {
        return memberHost(namespace, ordinal) + ":" + SERVER_PORT + ":" + ELECTION_PORT + ":participant;" + CLIENT_PORT;
    }
}
