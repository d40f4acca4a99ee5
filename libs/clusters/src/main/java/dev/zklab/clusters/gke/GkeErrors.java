package dev.zklab.clusters.gke;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;

/** Turns what the GKE API answers into a sentence that says what went wrong and what to fix. */
public final class GkeErrors {

    private GkeErrors() {}

    /** {@code doing}: what zklab asked, e.g. "creating GKE cluster lab-zookeeper in europe-west1-c". */
    public static GkeException explain(ApiException e, String doing) {
        StatusCode.Code code = e.getStatusCode().getCode();
        String detail = e.getMessage() == null ? code.name() : e.getMessage();
        String fix = switch (code) {
            case INVALID_ARGUMENT ->
                "check the cluster's location (a zone such as europe-west1-c), machine type "
                        + "(such as n1-standard-2) and node count";
            case RESOURCE_EXHAUSTED ->
                "a quota of the project is exhausted: ask for fewer or smaller nodes, free "
                        + "resources, or raise the quota in the Google Cloud console (IAM & Admin > Quotas)";
            case PERMISSION_DENIED ->
                "give zklab's Google identity the Kubernetes Engine Admin role "
                        + "(roles/container.admin) on the project, and make sure the Kubernetes Engine API is enabled";
            case UNAUTHENTICATED ->
                "zklab's Google credentials were refused: renew them "
                        + "(GOOGLE_APPLICATION_CREDENTIALS or 'gcloud auth application-default login')";
            case NOT_FOUND -> "check the project, the location and the name";
            case ALREADY_EXISTS -> "name another cluster, or delete the one that exists";
            case FAILED_PRECONDITION -> "another operation is running on the cluster; try again when it has finished";
            case UNAVAILABLE, DEADLINE_EXCEEDED -> "GKE did not answer in time; try again";
            default -> "see the message from GKE";
        };
        return new GkeException(doing + " failed: " + code + ": " + detail + "; " + fix, e);
    }
}
