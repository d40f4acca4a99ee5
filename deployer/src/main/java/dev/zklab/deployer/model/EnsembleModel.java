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
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
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
        Map<String, String> rendered = profile == ImageProfile.CURRENT
                ? configData()
                : Map.of("command", String.join(" ", ZooKeeperContainer.tutorialCommand(this)));
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

    /** The StatefulSet: the lab's, corrected (see {@link EnsembleStatefulSet}). */
    public StatefulSet statefulSet() {
        return EnsembleStatefulSet.of(this);
    }

    Quantity storageSize() {
        return storageSize;
    }
}
