package dev.zklab.clusters.gke;

import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.container.v1.ClusterManagerClient;
import com.google.cloud.container.v1.ClusterManagerSettings;
import com.google.container.v1.Cluster;
import io.fabric8.kubernetes.client.Config;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * zklab's access to Google Kubernetes Engine: the ClusterManager API of one project (the operator's,
 * never a run's choice), and the Kubernetes API of its clusters with short-lived OAuth tokens from the
 * same Google credentials — refreshed before they expire, as {@code gke-gcloud-auth-plugin} does.
 * Credentials are looked up only when a GKE cluster is used, so that zklab runs without them otherwise.
 */
public final class GkeApi implements AutoCloseable {

    /** The scope GKE's Kubernetes API accepts tokens of (and ClusterManager needs). */
    static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";
    /** The bearer token an emulator's clusters are sent: there are no Google credentials to take one from. */
    static final String EMULATOR_TOKEN = "zklab-gke-emulator";

    private final Optional<String> project;
    private final Supplier<GoogleCredentials> credentials;
    private final Supplier<ClusterManagerSettings> settings;
    private ClusterManagerClient client;

    /** GKE of the project (empty: not configured), with credentials and client settings given lazily. */
    public GkeApi(
            Optional<String> project,
            Supplier<GoogleCredentials> credentials,
            Supplier<ClusterManagerSettings> settings) {
        this.project = project.filter(p -> !p.isBlank());
        this.credentials = credentials;
        this.settings = settings;
    }

    /** GKE of the given project with Google application default credentials. */
    public static GkeApi withDefaultCredentials(Optional<String> project) {
        Supplier<GoogleCredentials> shared = memoize(GkeApi::applicationDefault);
        return new GkeApi(project.or(() -> Optional.ofNullable(System.getenv("GOOGLE_CLOUD_PROJECT"))), shared, () -> {
            try {
                return ClusterManagerSettings.newBuilder()
                        .setCredentialsProvider(FixedCredentialsProvider.create(shared.get()))
                        .build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * A stand-in for GKE's ClusterManager API at {@code host:port} (a test's fake, an emulator), reached in
     * plaintext and without Google credentials; its clusters' Kubernetes APIs get a fixed token.
     */
    public static GkeApi emulator(Optional<String> project, String hostAndPort) {
        GoogleCredentials none = GoogleCredentials.create(new AccessToken(EMULATOR_TOKEN, null));
        return new GkeApi(project, () -> none, () -> {
            try {
                return ClusterManagerSettings.newBuilder()
                        .setTransportChannelProvider(InstantiatingGrpcChannelProvider.newBuilder()
                                .setEndpoint(hostAndPort)
                                .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
                                .build())
                        .setCredentialsProvider(NoCredentialsProvider.create())
                        .build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** GKE behind given client settings and credentials (a test's in-process server, say). */
    public static GkeApi with(String project, GoogleCredentials credentials, ClusterManagerSettings settings) {
        return new GkeApi(Optional.of(project), () -> credentials, () -> settings);
    }

    private static GoogleCredentials applicationDefault() {
        try {
            return GoogleCredentials.getApplicationDefault().createScoped(CLOUD_PLATFORM);
        } catch (IOException e) {
            throw new GkeException(
                    "no Google credentials for GKE (" + e.getMessage() + "); on the zklab host set "
                            + "GOOGLE_APPLICATION_CREDENTIALS to a service account key file, or run "
                            + "'gcloud auth application-default login'",
                    e);
        }
    }

    /** The project zklab's GKE clusters live in, or an error that says how to configure it. */
    public String project() {
        return project.orElseThrow(() -> new GkeException("no Google Cloud project for GKE clusters; the operator sets "
                + "zklab.clusters.gke.project (or GOOGLE_CLOUD_PROJECT) on every zklab service"));
    }

    /** {@code projects/P/locations/L}. */
    public String parent(String location) {
        return "projects/" + project() + "/locations/" + location;
    }

    /** {@code projects/P/locations/L/clusters/N}. */
    public String clusterName(String location, String name) {
        return parent(location) + "/clusters/" + name;
    }

    /** {@code projects/P/locations/L/operations/O}. */
    public String operationName(String location, String operation) {
        return parent(location) + "/operations/" + operation;
    }

    /** The ClusterManager client (created on first use; closed with this). */
    public synchronized ClusterManagerClient clusters() {
        if (client == null) {
            try {
                client = ClusterManagerClient.create(settings.get());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the GKE ClusterManager client", e);
            }
        }
        return client;
    }

    /** The Kubernetes client configuration of a running cluster: its endpoint, its CA, and Google OAuth tokens. */
    public Config kubernetesConfig(Cluster cluster) {
        if (cluster.getEndpoint().isBlank()) {
            throw new GkeException("GKE cluster " + cluster.getName() + " has no endpoint yet (status "
                    + cluster.getStatus() + "); wait until it is RUNNING");
        }
        Config config = Config.empty();
        config.setMasterUrl("https://" + cluster.getEndpoint());
        // The API gives the CA base64-encoded PEM, which is what a kubeconfig's certificate-authority-data holds.
        String ca = cluster.getMasterAuth().getClusterCaCertificate();
        try {
            Base64.getDecoder().decode(ca);
        } catch (IllegalArgumentException e) {
            throw new GkeException(
                    "GKE gave cluster " + cluster.getName() + " a CA certificate that is not base64 (" + e.getMessage()
                            + "); look at it with 'gcloud container clusters describe " + cluster.getName() + "'",
                    e);
        }
        config.setCaCertData(ca);
        config.setOauthTokenProvider(this::accessToken);
        return config;
    }

    /** A valid access token, refreshed when it is about to expire. */
    String accessToken() {
        GoogleCredentials current = credentials.get();
        try {
            current.refreshIfExpired();
        } catch (IOException e) {
            throw new GkeException("cannot refresh the Google access token for GKE: " + e.getMessage(), e);
        }
        return current.getAccessToken().getTokenValue();
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }
}
