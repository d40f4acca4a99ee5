package dev.zklab.deployer.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.stream.Collectors;

/** Renders objects as one multi-document YAML stream: what {@code kubectl apply -f} would take. */
public final class Manifests {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Manifests() {}

    public static String yaml(List<HasMetadata> objects, String header) {
        return objects.stream()
                .map(SERIALIZATION::asYaml)
                .map(doc -> doc.startsWith("---") ? doc.substring(doc.indexOf('\n') + 1) : doc)
                .collect(Collectors.joining("---\n", "# " + header + "\n---\n", ""));
    }
}
