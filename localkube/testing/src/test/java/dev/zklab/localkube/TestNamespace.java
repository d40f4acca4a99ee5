package dev.zklab.localkube;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;

/** A namespace of its own for one test, deleted (with all it holds) when closed. */
final class TestNamespace implements AutoCloseable {

    private final KubernetesClient client;
    private final String name;

    private TestNamespace(KubernetesClient client, String name) {
        this.client = client;
        this.name = name;
    }

    static TestNamespace create(KubernetesClient client, String prefix) {
        Namespace namespace =
                client.namespaces().resource(TestObjects.namespace(prefix)).create();
        return new TestNamespace(client, namespace.getMetadata().getName());
    }

    String name() {
        return name;
    }

    @Override
    public void close() {
        client.namespaces().withName(name).delete();
    }
}
