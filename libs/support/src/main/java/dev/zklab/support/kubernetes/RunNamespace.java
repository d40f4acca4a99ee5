package dev.zklab.support.kubernetes;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * A run's namespace: created, with the run's mark, only when it is missing; one that exists is used as it is
 * and never labelled, annotated or deleted unless its mark says this run made it (or took it over).
 */
public final class RunNamespace {

    private RunNamespace() {}

    /** The namespace as a run makes it. */
    public static Namespace of(String namespace, String runId) {
        return new NamespaceBuilder()
                .withNewMetadata()
                .withName(namespace)
                .withLabels(Marks.ofRun(runId))
                .endMetadata()
                .build();
    }

    /** Creates the namespace when it is missing; returns true when this call made it. */
    public static boolean ensure(KubernetesClient client, String namespace, String runId) {
        if (client.namespaces().withName(namespace).get() != null) {
            return false;
        }
        try {
            // Create, never apply: an apply would label a namespace someone made a moment ago as zklab's.
            client.namespaces().resource(of(namespace, runId)).create();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return false;
            }
            throw e;
        }
    }

    /** Whether this run made the namespace (or took it over from an ended run): only then may it delete it. */
    public static boolean madeBy(Namespace namespace, String runId) {
        return namespace != null && Marks.ownedBy(namespace, runId);
    }
}
