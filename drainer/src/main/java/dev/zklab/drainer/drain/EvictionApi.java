package dev.zklab.drainer.drain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zklab.contracts.events.EventCodec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Posts {@code policy/v1} Evictions and keeps the API server's whole answer: Fabric8's {@code evict()}
 * turns a 429 into {@code false}, losing the budget's cause that the drill records. The eviction carries
 * the pod's UID as a precondition, so a replacement of the same name is never evicted by mistake. Its
 * client never retries by itself (Fabric8 retries a 429 for its Retry-After, hiding refusals and
 * kubectl's 5 s rhythm): the drain decides when to ask again. (A derived client shares the cluster
 * client's connections and owns nothing to close.)
 */
public final class EvictionApi {

    private static final long ANSWER_SECONDS = 30;

    /** What the API server answered. */
    public sealed interface Answer {}

    /** The pod is being deleted. */
    public record Evicted() implements Answer {}

    /** The pod (with that UID) is gone already. */
    public record Gone() implements Answer {}

    /**
     * HTTP 429: a budget refuses now; try again later.
     *
     * @param cause the budget's own words, e.g. {@code The disruption budget zk-pdb needs 2 healthy pods and has 2 currently}
     */
    public record Refused(String budget, String cause) implements Answer {}

    private final KubernetesClient client;
    private final HttpClient http;

    /** Posts through {@code cluster}'s HTTP client, derived so as never to retry (its connections are shared). */
    public EvictionApi(KubernetesClient cluster) {
        this.client = cluster;
        this.http = cluster.getHttpClient()
                .newBuilder()
                .tag(new RequestConfigBuilder(cluster.getConfiguration().getRequestConfig())
                        .withRequestRetryBackoffLimit(0)
                        .build())
                .build();
    }

    public Answer evict(String namespace, String pod, String uid) {
        String body = """
                {"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"%s","namespace":"%s"},\
                "deleteOptions":{"preconditions":{"uid":"%s"}}}""".formatted(pod, namespace, uid);
        HttpRequest request = http.newHttpRequestBuilder()
                .uri(client.getMasterUrl().toString().replaceAll("/$", "") + "/api/v1/namespaces/" + namespace
                        + "/pods/" + pod + "/eviction")
                .post("application/json", body)
                .build();
        HttpResponse<String> response;
        try {
            response = http.sendAsync(request, String.class).get(ANSWER_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while evicting " + namespace + "/" + pod, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "the API server did not answer the eviction of " + namespace + "/" + pod + " within "
                            + ANSWER_SECONDS + " s",
                    e);
        }
        return answer(namespace, pod, response.code(), response.body());
    }

    /** Reads the API server's answer; an answer that is not success, gone or 429 fails with its message. */
    static Answer answer(String namespace, String pod, int code, String body) {
        if (code == 200 || code == 201) {
            return new Evicted();
        }
        JsonNode status = parse(body);
        String message = status.path("message").asText(body);
        // 404: no such pod; 409: the UID precondition failed, i.e. this pod is gone and another has its name.
        if (code == 404 || (code == 409 && message.contains("UID"))) {
            return new Gone();
        }
        if (code == 429) {
            for (JsonNode cause : status.path("details").path("causes")) {
                if ("DisruptionBudget".equals(cause.path("reason").asText())) {
                    String text = cause.path("message").asText();
                    return new Refused(budgetName(text), text);
                }
            }
            return new Refused(null, message);
        }
        throw new IllegalStateException(
                "the eviction of " + namespace + "/" + pod + " failed: HTTP " + code + ": " + message);
    }

    /** {@code zk-pdb} from {@code The disruption budget zk-pdb needs ...}; null when the words are not those. */
    static String budgetName(String cause) {
        String prefix = "The disruption budget ";
        if (!cause.startsWith(prefix)) {
            return null;
        }
        String rest = cause.substring(prefix.length());
        int space = rest.indexOf(' ');
        return space < 0 ? rest : rest.substring(0, space);
    }

    private static JsonNode parse(String body) {
        try {
            return EventCodec.mapper().readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException e) {
            return EventCodec.mapper().createObjectNode();
        }
    }
}
