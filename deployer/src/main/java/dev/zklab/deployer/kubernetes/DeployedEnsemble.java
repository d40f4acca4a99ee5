package dev.zklab.deployer.kubernetes;

import dev.zklab.contracts.ensemble.ZooKeeperSettings;
import dev.zklab.deployer.model.EnsembleModel;
import dev.zklab.support.kubernetes.EnsembleNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Map;
import java.util.Optional;

/**
 * The model of the ensemble as it is deployed now: members and settings read from the StatefulSet,
 * so that re-applying it (durability, scale) changes nothing else.
 */
public final class DeployedEnsemble {

    private DeployedEnsemble() {}

    /** The run's model adjusted to the deployed StatefulSet, or empty when there is none. */
    public static Optional<EnsembleModel> of(EnsembleModel spec, StatefulSet deployed) {
        if (deployed == null) {
            return Optional.empty();
        }
        return Optional.of(spec.withReplicas(deployed.getSpec().getReplicas()).withSettings(settings(deployed)));
    }

    /** The settings overrides recorded on a StatefulSet's pod template. */
    public static Map<String, String> settings(StatefulSet sts) {
        return settings(sts.getSpec().getTemplate().getMetadata().getAnnotations());
    }

    /** The settings overrides recorded on the ensemble's ConfigMap (current profile), if it has any. */
    public static Optional<Map<String, String>> settings(ConfigMap configMap) {
        Map<String, String> annotations =
                configMap == null ? null : configMap.getMetadata().getAnnotations();
        return annotations == null || !annotations.containsKey(EnsembleNames.SETTINGS_ANNOTATION)
                ? Optional.empty()
                : Optional.of(settings(annotations));
    }

    private static Map<String, String> settings(Map<String, String> annotations) {
        String json = annotations == null ? null : annotations.get(EnsembleNames.SETTINGS_ANNOTATION);
        return json == null ? Map.of() : ZooKeeperSettings.parseOverrides(json);
    }
}
