package dev.zklab.contracts.cluster;

/**
 * Which cluster a step works on, as it travels in events: never a credential. Every service turns
 * it into a client with {@link ClusterResolver}.
 *
 * @param provider {@code local}, {@code existing}, {@code kind} or {@code gke}
 * @param name     the cluster's name (a localkube cluster, a kind cluster, a GKE cluster), or for
 *                 {@code existing} the name the operator configured it under
 * @param location GKE zone or region; empty elsewhere
 * @param context  kubeconfig context, where the provider has one
 */
public record ClusterRef(String provider, String name, String location, String context) {

    public static final String LOCAL = "local";
    public static final String EXISTING = "existing";
    public static final String KIND = "kind";
    public static final String GKE = "gke";
}
