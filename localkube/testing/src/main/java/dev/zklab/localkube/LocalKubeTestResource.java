package dev.zklab.localkube;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource: points the application's Kubernetes client at the run's local cluster.
 * The cluster outlives each test class (it is shared by the module's tests) and is deleted at the
 * end of the run.
 */
public class LocalKubeTestResource implements QuarkusTestResourceLifecycleManager {

    /** Property under which the application finds the kubeconfig of the test cluster. */
    public static final String KUBECONFIG_PROPERTY = "zklab.localkube.kubeconfig";

    private LocalKubeCluster cluster;

    @Override
    public Map<String, String> start() {
        cluster = LocalKubeCluster.shared();
        String kubeconfig = cluster.kubeconfig().toString();
        // Fabric8's auto-configuration (used by the Quarkus Kubernetes client) reads this property.
        System.setProperty("kubeconfig", kubeconfig);
        return Map.of(
                KUBECONFIG_PROPERTY,
                kubeconfig,
                "zklab.localkube.cluster",
                cluster.name(),
                "quarkus.kubernetes-client.devservices.enabled",
                "false");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(cluster, new TestInjector.MatchesType(LocalKubeCluster.class));
    }

    @Override
    public void stop() {
        // The cluster is shared by every test class of the run; LocalKubeCluster deletes it at the end.
    }
}
