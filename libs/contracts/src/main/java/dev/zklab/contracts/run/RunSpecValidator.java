package dev.zklab.contracts.run;

import dev.zklab.contracts.cluster.ClusterRef;
import dev.zklab.contracts.ensemble.ImageProfile;
import dev.zklab.contracts.ensemble.ZooKeeperSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a run spec before anything happens, naming each bad field and what would be right: the one
 * validation of zklab. The gateway refuses a spec with it (400) and the deployer an ensemble (a step
 * that fails before applying anything), so what the gateway accepts, {@code deploy} accepts. Only what
 * can be known without a cluster is checked; the services check the rest (e.g. that the StorageClass
 * exists) and fail their step with the reason.
 */
public final class RunSpecValidator {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    /** A Google Cloud zone or region: never a host, a URL or a path. */
    private static final Pattern GCP_LOCATION = Pattern.compile("[a-z]+-[a-z]+[0-9]+(-[a-z])?");

    private static final Pattern QUANTITY = Pattern.compile("[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?");
    private static final Set<String> PROVIDERS =
            Set.of(ClusterRef.LOCAL, ClusterRef.EXISTING, ClusterRef.KIND, ClusterRef.GKE);
    /** The longest a step may be given: a day. */
    public static final int MAX_TIMEOUT_SECONDS = 86_400;
    /** Stands in for a run id when an ensemble's defaults are applied only to check it. */
    private static final String ANY_RUN = "validation";

    private RunSpecValidator() {}

    public static List<FieldError> validate(RunSpec spec) {
        List<FieldError> errors = new ArrayList<>();
        if (spec == null) {
            errors.add(new FieldError(
                    "", "a run spec (JSON object) is required; {} runs the whole lab on a local cluster"));
            return errors;
        }
        cluster(spec.cluster(), errors);
        errors.addAll(ensemble(
                spec.ensemble() == null ? new EnsembleSpec(null, null, null, null, null, null) : spec.ensemble()));
        steps(spec.steps(), errors);
        options(spec.options(), errors);
        return errors;
    }

    private static void cluster(ClusterSpec cluster, List<FieldError> errors) {
        if (cluster == null) {
            return;
        }
        String provider = cluster.provider() == null ? ClusterRef.LOCAL : cluster.provider();
        if (!PROVIDERS.contains(provider)) {
            errors.add(new FieldError(
                    "cluster.provider", "unknown provider '" + provider + "'; use one of " + sorted(PROVIDERS)));
        }
        if (cluster.name() != null
                && (!DNS_LABEL.matcher(cluster.name()).matches()
                        || cluster.name().length() > 30)) {
            errors.add(new FieldError(
                    "cluster.name",
                    "'" + cluster.name()
                            + "' is not a cluster name: lower-case letters, digits and '-', at most 30 characters"));
        }
        if (ClusterRef.EXISTING.equals(provider) && cluster.name() == null) {
            errors.add(new FieldError(
                    "cluster.name", "an existing cluster is named by the name the operator configured it under"));
        }
        if (ClusterRef.GKE.equals(provider)
                && (cluster.location() == null || cluster.location().isBlank())) {
            errors.add(new FieldError("cluster.location", "a GKE cluster needs a zone or region, e.g. europe-west1-c"));
        } else if (cluster.location() != null
                && !cluster.location().isBlank()
                && !GCP_LOCATION.matcher(cluster.location()).matches()) {
            errors.add(new FieldError(
                    "cluster.location",
                    "'" + cluster.location()
                            + "' is not a Google Cloud zone or region; write e.g. europe-west1-c or europe-west1"));
        }
        if (cluster.nodes() != null && (cluster.nodes() < 1 || cluster.nodes() > 50)) {
            errors.add(
                    new FieldError("cluster.nodes", "must be from 1 to 50 (the lab uses 4), got " + cluster.nodes()));
        }
    }

    /**
     * What is wrong with an ensemble spec once its defaults are applied (so a field left out is never
     * wrong): members, image profile, storage, namespace and every ZooKeeper setting for that profile.
     */
    public static List<FieldError> ensemble(EnsembleSpec spec) {
        EnsembleSpec ensemble = spec.withDefaults(ANY_RUN);
        List<FieldError> errors = new ArrayList<>();
        if (ensemble.replicas() < 1 || ensemble.replicas() > EnsembleSpec.MAX_MEMBERS) {
            errors.add(new FieldError(
                    "ensemble.replicas",
                    "must be from 1 to " + EnsembleSpec.MAX_MEMBERS + " members (the lab uses 3), got "
                            + ensemble.replicas()));
        }
        if (!QUANTITY.matcher(ensemble.storageSize()).matches()) {
            errors.add(new FieldError(
                    "ensemble.storageSize",
                    "'" + ensemble.storageSize() + "' is not a Kubernetes quantity; write e.g. 10Gi"));
        }
        if (!DNS_SUBDOMAIN.matcher(ensemble.storageClass()).matches()
                || ensemble.storageClass().length() > 253) {
            errors.add(new FieldError(
                    "ensemble.storageClass",
                    "'" + ensemble.storageClass() + "' is not a StorageClass name (the lab uses 'fast')"));
        }
        if (!DNS_LABEL.matcher(ensemble.namespace()).matches()
                || ensemble.namespace().length() > 63) {
            errors.add(
                    new FieldError(
                            "ensemble.namespace",
                            "'" + ensemble.namespace()
                                    + "' is not a namespace name: a DNS label (lower-case letters, digits, '-', at most 63 characters)"));
        } else if (isSystemNamespace(ensemble.namespace())) {
            errors.add(
                    new FieldError(
                            "ensemble.namespace",
                            "'" + ensemble.namespace() + "' is a namespace of the cluster"
                                    + " itself, never zklab's to deploy into or clean up; name another, or leave it out and the run gets its own"));
        }
        ImageProfile profile = ImageProfile.byId(ensemble.imageProfile()).orElse(null);
        if (profile == null) {
            errors.add(new FieldError(
                    "ensemble.imageProfile",
                    "unknown image profile '" + ensemble.imageProfile()
                            + "'; use 'current' (a current ZooKeeper) or 'tutorial' (the lab's image)"));
        } else {
            errors.addAll(ZooKeeperSettings.of(ensemble.zookeeper()).problems(profile));
        }
        return errors;
    }

    /** The cluster's own namespaces ({@code default}, {@code kube-system}, {@code kube-public}, ...): never an ensemble's. */
    static boolean isSystemNamespace(String namespace) {
        return namespace.equals("default") || namespace.startsWith("kube-");
    }

    private static void steps(List<StepSpec> steps, List<FieldError> errors) {
        if (steps == null) {
            return;
        }
        for (int i = 0; i < steps.size(); i++) {
            StepSpec step = steps.get(i);
            String field = "steps[" + i + "]";
            if (step == null || step.name() == null) {
                errors.add(new FieldError(field, "a step needs a name; one of " + mainSteps()));
                continue;
            }
            Step known = Step.byId(step.name()).orElse(null);
            if (known == null) {
                errors.add(new FieldError(field, "unknown step '" + step.name() + "'; use one of " + mainSteps()));
            } else if (known.cleanup()) {
                errors.add(new FieldError(
                        field,
                        "'" + step.name() + "' is a cleanup step: it runs at the end of every run "
                                + "that needs it (set options.keepCluster to keep a cluster)"));
            } else if (known == Step.PROVISION_CLUSTER
                    && step.params().get("nodes") != null
                    && !inRange(step.params().get("nodes"), 1, 50)) {
                errors.add(new FieldError(
                        field + ".params.nodes",
                        "must be a number of nodes from 1 to 50 (the lab uses 4), got '"
                                + step.params().get("nodes") + "'"));
            } else if (known == Step.SCALE) {
                String replicas = step.params().get("replicas");
                if (replicas != null && !isMembers(replicas)) {
                    errors.add(new FieldError(
                            field + ".params.replicas",
                            "must be a number of members from 1 to " + EnsembleSpec.MAX_MEMBERS + ", got '" + replicas
                                    + "'"));
                }
            }
        }
    }

    private static void options(RunOptions options, List<FieldError> errors) {
        if (options == null) {
            return;
        }
        if (options.stepTimeoutSeconds() != null
                && (options.stepTimeoutSeconds() < 1 || options.stepTimeoutSeconds() > MAX_TIMEOUT_SECONDS)) {
            errors.add(new FieldError(
                    "options.stepTimeoutSeconds", "must be from 1 to " + MAX_TIMEOUT_SECONDS + " seconds"));
        }
        if (options.maxAttempts() != null && (options.maxAttempts() < 1 || options.maxAttempts() > 10)) {
            errors.add(new FieldError("options.maxAttempts", "must be from 1 to 10"));
        }
        if (options.stepTimeouts() != null) {
            for (Map.Entry<String, Integer> timeout : options.stepTimeouts().entrySet()) {
                String field = "options.stepTimeouts." + timeout.getKey();
                if (Step.byId(timeout.getKey()).isEmpty()) {
                    errors.add(
                            new FieldError(field, "unknown step '" + timeout.getKey() + "'; use one of " + Step.ids()));
                } else if (timeout.getValue() == null
                        || timeout.getValue() < 1
                        || timeout.getValue() > MAX_TIMEOUT_SECONDS) {
                    errors.add(new FieldError(field, "must be from 1 to " + MAX_TIMEOUT_SECONDS + " seconds"));
                }
            }
        }
    }

    private static boolean isMembers(String replicas) {
        return inRange(replicas, 1, EnsembleSpec.MAX_MEMBERS);
    }

    private static boolean inRange(String number, int from, int to) {
        try {
            int n = Integer.parseInt(number.trim());
            return n >= from && n <= to;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static List<String> mainSteps() {
        return Arrays.stream(Step.values())
                .filter(s -> !s.cleanup())
                .map(Step::id)
                .toList();
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
