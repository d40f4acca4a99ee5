package dev.zklab.provisioner.providers;

import dev.zklab.clusters.UnknownClusterException;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The cluster providers by name: the one place a run's {@code cluster.provider} is turned into code. */
@Singleton
public class ClusterProviders {

    private final Map<String, ClusterProvider> byId = new TreeMap<>();

    public ClusterProviders(Instance<ClusterProvider> providers) {
        providers.forEach(p -> byId.put(p.id(), p));
    }

    /** The providers' names, sorted. */
    public Set<String> ids() {
        return byId.keySet();
    }

    public ClusterProvider of(String provider) {
        ClusterProvider found = byId.get(provider);
        if (found == null) {
            throw new UnknownClusterException(
                    "unknown cluster provider '" + provider + "'; use one of " + byId.keySet());
        }
        return found;
    }
}
