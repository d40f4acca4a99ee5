package dev.zklab.steps;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the clusters that runs name are found. Credentials are configured here, by whoever operates
 * zklab, and never travel in a run request or an event.
 */
@ConfigMapping(prefix = "zklab.clusters")
public interface ClustersConfig {

    /** localkube's cluster directory; default: where localkube keeps them ({@code ~/.cache/zklab/...}). */
    Optional<Path> localDir();

    /** Clusters of provider {@code existing}, by the name runs use for them. */
    Map<String, Existing> existing();

    /** Where zklab keeps the kubeconfigs (0600) and owners of the clusters it creates; default {@code ~/.cache/zklab/clusters}. */
    Optional<Path> filesDir();

    /** GKE clusters. */
    Gke gke();

    interface Gke {
        /** The Google Cloud project of zklab's GKE clusters; default: {@code GOOGLE_CLOUD_PROJECT}. Credentials: Google application default credentials. */
        Optional<String> project();

        /**
         * {@code host:port} of a stand-in for GKE's ClusterManager API (a test's fake, an emulator), reached in
         * plaintext without Google credentials; unset for GKE itself.
         */
        Optional<String> emulatorHost();
    }

    interface Existing {
        /** The kubeconfig file. */
        Path kubeconfig();

        /** The context to use in it; default: its current context. */
        Optional<String> context();
    }
}
