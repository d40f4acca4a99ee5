package dev.zklab.localkube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Posts {@code policy/v1} Evictions and returns the API server's answer as it is (status code and body). */
final class Evictions {

    record Answer(int code, String body) {}

    private Evictions() {}

    static Answer evict(KubernetesClient client, String namespace, String pod) {
        String body = """
                {"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"%s","namespace":"%s"}}""".formatted(pod, namespace);
        HttpClient http = client.getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder()
                .uri(client.getMasterUrl().toString().replaceAll("/$", "") + "/api/v1/namespaces/" + namespace
                        + "/pods/" + pod + "/eviction")
                .post("application/json", body)
                .build();
        try {
            HttpResponse<String> response =
                    http.sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
            return new Answer(response.code(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("eviction of " + namespace + "/" + pod + " got no answer", e);
        }
    }
}
