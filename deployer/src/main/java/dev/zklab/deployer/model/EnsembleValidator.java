package dev.zklab.deployer.model;

import dev.zklab.common.run.EnsembleSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What is wrong with an ensemble spec (its defaults applied), each problem naming the field and the fix.
 * Checked before anything is applied; what needs the cluster (the StorageClass) is checked by the apply.
 */
public final class EnsembleValidator {

    public static final int MAX_MEMBERS = 9;
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern QUANTITY = Pattern.compile("[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?");

    private EnsembleValidator() {
    }

    public static List<String> problems(EnsembleSpec spec) {
        List<String> problems = new ArrayList<>();
        if (spec.replicas() == null || spec.replicas() < 1 || spec.replicas() > MAX_MEMBERS) {
            problems.add("ensemble.replicas: must be from 1 to " + MAX_MEMBERS + " members (the lab uses 3), got " + spec.replicas());
        }
        if (spec.namespace() == null || !DNS_LABEL.matcher(spec.namespace()).matches() || spec.namespace().length() > 63) {
            problems.add("ensemble.namespace: '" + spec.namespace()
                    + "' is not a namespace name; use a DNS label (lower-case letters, digits and '-', at most 63 characters)");
        }
        if (spec.storageSize() == null || !QUANTITY.matcher(spec.storageSize()).matches()) {
            problems.add("ensemble.storageSize: '" + spec.storageSize() + "' is not a Kubernetes quantity; write e.g. 10Gi");
        }
        if (spec.storageClass() == null || spec.storageClass().isBlank()) {
            problems.add("ensemble.storageClass: a StorageClass is needed (the lab uses 'fast')");
        }
        ImageProfile profile = spec.imageProfile() == null ? null : ImageProfile.byId(spec.imageProfile()).orElse(null);
        if (profile == null) {
            problems.add("ensemble.imageProfile: unknown image profile '" + spec.imageProfile()
                    + "'; use 'current' (a current ZooKeeper) or 'tutorial' (the lab's image)");
        } else {
            problems.addAll(ZooKeeperSettings.of(spec.zookeeper()).problems(profile));
        }
        return problems;
    }
}
