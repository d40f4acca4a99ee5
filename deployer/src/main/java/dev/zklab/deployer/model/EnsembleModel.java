package dev.zklab.deployer.model;

import static dev.zklab.support.kubernetes.EnsembleNames.*;

import dev.zklab.contracts.ensemble.ImageProfile;
import dev.zklab.contracts.ensemble.ZooKeeperSettings;
import dev.zklab.contracts.run.EnsembleSpec;
import dev.zklab.contracts.run.FieldError;
import dev.zklab.contracts.run.RunSpecValidator;
import dev.zklab.support.kubernetes.EnsembleNames;
import dev.zklab.support.kubernetes.Marks;
import dev.zklab.support.kubernetes.RunNamespace;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodAntiAffinityBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The desired Kubernetes objects of one ensemble, built by pure functions from its spec: the lab's
 * manifests, corrected (policy/v1, probes that work on ZooKeeper 3.5+, a ConfigMap that configures
 * the ensemble). No client, no I/O.
 */
public final class EnsembleModel {

    /**
     * Readiness and liveness of the {@code current} profile, like the lab's {@code zookeeper-ready}
     * (ruok): the server answers, with or without a quorum. Readiness must not wait for a quorum: with
     * OrderedReady, zk-1 is created only once zk-0 is Ready, and zk-0 alone has no quorum. Whether a
     * member serves in the quorum is checked by zklab itself (srvr) where it matters.
     */
    public static final String PROBE_PATH = "/commands/ruok";

    private final String namespace;
    private final int replicas;
    private final ImageProfile profile;
    private final ZooKeeperSettings settings;
    private final String storageClass;
    private final Quantity storageSize;
    private final boolean withBudget;
    /** The run whose mark the objects carry; null for a preview (the dry run), which no run applies. */
    private final String runId;

    private EnsembleModel(
            String namespace,
            int replicas,
            ImageProfile profile,
            ZooKeeperSettings settings,
            String storageClass,
            Quantity storageSize,
            boolean withBudget,
            String runId) {
        this.namespace = namespace;
        this.replicas = replicas;
        this.profile = profile;
        this.settings = settings;
        this.storageClass = storageClass;
        this.storageSize = storageSize;
        this.withBudget = withBudget;
        this.runId = runId;
    }

    /**
     * The model of a spec with its defaults applied; refuses a spec that zklab's one validation
     * ({@link RunSpecValidator#ensemble}, which the gateway applies too) finds wrong.
     */
    public static EnsembleModel of(EnsembleSpec spec) {
        List<FieldError> problems = RunSpecValidator.ensemble(spec);
        if (!problems.isEmpty()) {
            throw new InvalidEnsembleException(problems);
        }
        return new EnsembleModel(
                spec.namespace(),
                spec.replicas(),
                ImageProfile.byId(spec.imageProfile()).orElseThrow(),
                ZooKeeperSettings.of(spec.zookeeper()),
                spec.storageClass(),
                new Quantity(spec.storageSize()),
                spec.withBudget(),
                null);
    }

    /** The same ensemble as {@code run} applies it: every object it makes carries the run's mark. */
    public EnsembleModel forRun(String run) {
        return new EnsembleModel(namespace, replicas, profile, settings, storageClass, storageSize, withBudget, run);
    }

    /** The same ensemble with another number of members (a scale step, or a re-apply after one). */
    public EnsembleModel withReplicas(int members) {
        return new EnsembleModel(namespace, members, profile, settings, storageClass, storageSize, withBudget, runId);
    }

    /** The same ensemble with other ZooKeeper settings (a configuration change, or its undo). */
    public EnsembleModel withSettings(Map<String, String> overrides) {
        ZooKeeperSettings changed = ZooKeeperSettings.of(overrides);
        List<FieldError> problems = changed.problems(profile);
        if (!problems.isEmpty()) {
            throw new InvalidEnsembleException(problems);
        }
        return new EnsembleModel(namespace, replicas, profile, changed, storageClass, storageSize, withBudget, runId);
    }

    public String namespace() {
        return namespace;
    }

    public int replicas() {
        return replicas;
    }

    public ImageProfile profile() {
        return profile;
    }

    public ZooKeeperSettings settings() {
        return settings;
    }

    public String storageClass() {
        return storageClass;
    }

    /** Whether the ensemble has its PodDisruptionBudget (a run may deploy it without, to see what the budget prevents). */
    public boolean withBudget() {
        return withBudget;
    }

    /** The run whose mark the objects carry; null for a preview. */
    public String runId() {
        return runId;
    }

    /**
     * Every object zklab applies, in apply order (the Secret is separate: its password is made once, in the cluster).
     * The Namespace comes first, as {@code kubectl apply -f} would need it; the deploy step creates it only when missing.
     */
    public List<HasMetadata> objects() {
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(namespaceObject());
        if (profile == ImageProfile.CURRENT) {
            objects.add(configMap());
        }
        objects.add(headlessService());
        objects.add(clientService());
        if (withBudget) {
            objects.add(podDisruptionBudget());
        }
        objects.add(statefulSet());
        return objects;
    }

    public Namespace namespaceObject() {
        return runId == null
                ? new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(namespace)
                        .withLabels(Marks.zklab())
                        .endMetadata()
                        .build()
                : RunNamespace.of(namespace, runId);
    }

    /**
     * The labels of the objects the run makes: the selector, zklab's mark and the run's. Templates (pods, claims)
     * carry {@link EnsembleNames#LABELS} only: a claim template cannot change, and a take-over must not roll the pods.
     */
    public Map<String, String> objectLabels() {
        if (runId == null) {
            return LABELS;
        }
        Map<String, String> labels = new LinkedHashMap<>(LABELS);
        labels.putAll(Marks.ofRun(runId));
        return labels;
    }

    /** zoo.cfg, the initial membership, logging, JVM settings and the start script ({@code current} profile). */
    public ConfigMap configMap() {
        // The settings are recorded here as on the pod template: they outlive a StatefulSet deleted by durability.
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(CONFIG_MAP)
                .withNamespace(namespace)
                .withLabels(objectLabels())
                .withAnnotations(Map.of(SETTINGS_ANNOTATION, settings.overridesJson()))
                .endMetadata()
                .withData(configData())
                .build();
    }

    public Map<String, String> configData() {
        return ConfigFiles.render(settings, namespace, replicas);
    }

    /** The hash on the pod template: changes when a member would run with a different configuration. */
    public String configHash() {
        Map<String, String> rendered =
                profile == ImageProfile.CURRENT ? configData() : Map.of("command", String.join(" ", tutorialCommand()));
        return ConfigFiles.hash(rendered);
    }

    /** The super user's credentials for reconfiguration ({@code current} profile). */
    public Secret adminSecret(String password, String digest) {
        return new SecretBuilder()
                .withNewMetadata()
                .withName(ADMIN_SECRET)
                .withNamespace(namespace)
                .withLabels(objectLabels())
                .endMetadata()
                .withType("Opaque")
                .withStringData(Map.of(SUPER_PASSWORD_KEY, password, SUPER_DIGEST_KEY, digest))
                .build();
    }

    /** zk-hs: the members' stable names; not-ready addresses are published so members find each other while they form a quorum. */
    public Service headlessService() {
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(HEADLESS_SERVICE)
                .withNamespace(namespace)
                .withLabels(objectLabels())
                .endMetadata()
                .withNewSpec()
                .withClusterIP("None")
                .withPublishNotReadyAddresses(true)
                .addNewPort()
                .withName("server")
                .withPort(SERVER_PORT)
                .withTargetPort(new IntOrString(SERVER_PORT))
                .endPort()
                .addNewPort()
                .withName("leader-election")
                .withPort(ELECTION_PORT)
                .withTargetPort(new IntOrString(ELECTION_PORT))
                .endPort()
                .withSelector(SELECTOR)
                .endSpec()
                .build();
    }

    /** zk-cs: where clients connect. */
    public Service clientService() {
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(CLIENT_SERVICE)
                .withNamespace(namespace)
                .withLabels(objectLabels())
                .endMetadata()
                .withNewSpec()
                .addNewPort()
                .withName("client")
                .withPort(CLIENT_PORT)
                .withTargetPort(new IntOrString(CLIENT_PORT))
                .endPort()
                .withSelector(SELECTOR)
                .endSpec()
                .build();
    }

    /** zk-pdb: at most one member voluntarily down, so a drain never breaks the quorum. */
    public PodDisruptionBudget podDisruptionBudget() {
        return new PodDisruptionBudgetBuilder()
                .withNewMetadata()
                .withName(PDB)
                .withNamespace(namespace)
                .withLabels(objectLabels())
                .endMetadata()
                .withNewSpec()
                .withSelector(
                        new LabelSelectorBuilder().withMatchLabels(SELECTOR).build())
                .withMaxUnavailable(new IntOrString(1))
                .endSpec()
                .build();
    }

    public StatefulSet statefulSet() {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(CONFIG_HASH_ANNOTATION, configHash());
        annotations.put(PROFILE_ANNOTATION, profile.id());
        annotations.put(SETTINGS_ANNOTATION, settings.overridesJson());
        StatefulSetBuilder builder = new StatefulSetBuilder()
                .withNewMetadata()
                .withName(STATEFULSET)
                .withNamespace(namespace)
                .withLabels(objectLabels())
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withServiceName(HEADLESS_SERVICE)
                .withPodManagementPolicy("OrderedReady")
                .withNewUpdateStrategy()
                .withType("RollingUpdate")
                .endUpdateStrategy()
                // PVCs outlive the StatefulSet (the lab's durability), but not a member removed by a
                // scale-down: its data and membership are stale, and reused they break a later scale-up.
                .withNewPersistentVolumeClaimRetentionPolicy()
                .withWhenDeleted("Retain")
                .withWhenScaled("Delete")
                .endPersistentVolumeClaimRetentionPolicy()
                .withNewSelector()
                .withMatchLabels(SELECTOR)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(LABELS)
                .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .withNewAffinity()
                .withPodAntiAffinity(new PodAntiAffinityBuilder()
                        .addNewRequiredDuringSchedulingIgnoredDuringExecution()
                        .withNewLabelSelector()
                        .addNewMatchExpression()
                        .withKey(APP_LABEL)
                        .withOperator("In")
                        .withValues(APP)
                        .endMatchExpression()
                        .endLabelSelector()
                        .withTopologyKey("kubernetes.io/hostname")
                        .endRequiredDuringSchedulingIgnoredDuringExecution()
                        .build())
                .endAffinity()
                .withContainers(container())
                .withNewSecurityContext()
                .withRunAsUser(1000L)
                .withFsGroup(1000L)
                .withRunAsNonRoot(true)
                .endSecurityContext()
                .endSpec()
                .endTemplate()
                .withVolumeClaimTemplates(new PersistentVolumeClaimBuilder()
                        .withNewMetadata()
                        .withName(DATA_VOLUME)
                        .withLabels(LABELS)
                        .endMetadata()
                        .withNewSpec()
                        .withAccessModes("ReadWriteOnce")
                        .withStorageClassName(storageClass)
                        .withNewResources()
                        .withRequests(Map.of("storage", storageSize))
                        .endResources()
                        .endSpec()
                        .build())
                .endSpec();
        if (profile == ImageProfile.CURRENT) {
            builder.editSpec()
                    .editTemplate()
                    .editSpec()
                    .addNewVolume()
                    .withName(CONFIG_VOLUME)
                    .withNewConfigMap()
                    .withName(CONFIG_MAP)
                    .endConfigMap()
                    .endVolume()
                    .endSpec()
                    .endTemplate()
                    .endSpec();
        }
        return builder.build();
    }

    private Container container() {
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
                    .withCommand(tutorialCommand())
                    .withReadinessProbe(ready)
                    .withLivenessProbe(ready)
                    .build();
        }
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
                .withReadinessProbe(new ProbeBuilder()
                        .withNewHttpGet()
                        .withPath(PROBE_PATH)
                        .withPort(new IntOrString("admin"))
                        .endHttpGet()
                        .withInitialDelaySeconds(10)
                        .withTimeoutSeconds(5)
                        .withPeriodSeconds(5)
                        .build())
                .withLivenessProbe(new ProbeBuilder()
                        .withNewHttpGet()
                        .withPath(PROBE_PATH)
                        .withPort(new IntOrString("admin"))
                        .endHttpGet()
                        .withInitialDelaySeconds(10)
                        .withTimeoutSeconds(5)
                        .build())
                .build();
    }

    /** The lab's start-zookeeper command, with this ensemble's settings. */
    List<String> tutorialCommand() {
        String flags = String.join(
                " ",
                "start-zookeeper",
                "--servers=" + replicas,
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
