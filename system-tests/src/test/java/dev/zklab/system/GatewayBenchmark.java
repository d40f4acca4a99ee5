package dev.zklab.system;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zklab.contracts.api.RunChange;
import dev.zklab.contracts.api.RunView;
import dev.zklab.kafka.KafkaBrokerTestResource;
import dev.zklab.security.TestTokens;
import dev.zklab.steps.ScriptedStepServices;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Benchmarks of the packaged gateway, run by {@code ./zklab bench} (never by ./zklab test):
 * orchestration overhead per step with services that answer at once, what following a run reads, GET /api/runs/{id} with 1,000
 * runs in the history, and a new gateway's start-up time to rebuild that history. Prints its numbers
 * and writes them to target/benchmark.txt; it asserts nothing about speed.
 */
class GatewayBenchmark {

    private static final int ORCHESTRATION_RUNS = 40;
    private static final int STEPS_PER_RUN = 8;
    private static final int HISTORY_RUNS = 1000;
    private static final int GET_REQUESTS = 20_000;
    private static final int CLIENT_THREADS = 2;

    private GatewayApi api;
    private URI base;

    @Test
    void benchmark() throws Exception {
        List<String> lines = new ArrayList<>();
        String bootstrap = KafkaBrokerTestResource.broker().bootstrapServers();
        try (ScriptedStepServices services = new ScriptedStepServices(bootstrap);
                PackagedService gateway = PackagedService.start("gateway", bootstrap)) {
            api = new GatewayApi(gateway);
            base = URI.create(gateway.url());
            orchestration(lines);
            following(lines, services);
            history(lines);
            rebuild(lines, bootstrap);
        }
        lines.forEach(System.out::println);
        Files.write(Path.of("target/benchmark.txt"), lines);
    }

    private void orchestration(List<String> lines) {
        String steps = String.join(",", Collections.nCopies(STEPS_PER_RUN, "\"verify\""));
        List<Long> roundTrip = new ArrayList<>();
        List<Long> inGateway = new ArrayList<>();
        for (int i = 0; i < ORCHESTRATION_RUNS; i++) {
            String id = api.start("{\"steps\": [" + steps + "], \"options\": {\"keepCluster\": true}}");
            api.awaitEnded(id, "SUCCEEDED");
            if (i < 5) {
                continue; // warm-up: JIT, consumer fetch sessions
            }
            JsonPath report = api.given()
                    .get("/api/runs/" + id + "/report")
                    .then()
                    .extract()
                    .jsonPath();
            List<Map<String, Object>> events = report.getList("events");
            Instant lastRequest = null;
            Instant lastAnswer = null;
            for (Map<String, Object> e : events) {
                Instant time = Instant.parse((String) e.get("time"));
                String type = (String) e.get("type");
                if (type.equals("dev.zklab.step.requested.v1")) {
                    if (lastRequest != null) {
                        roundTrip.add(Duration.between(lastRequest, time).toNanos());
                        inGateway.add(Duration.between(lastAnswer, time).toNanos());
                    }
                    lastRequest = time;
                } else if (type.equals("dev.zklab.step.succeeded.v1")) {
                    lastAnswer = time;
                }
            }
        }
        lines.add(String.format("orchestration, %d step transitions (services answer at once):", roundTrip.size()));
        lines.add(String.format(
                "  command published -> service event consumed -> next command published: p50 %.1f ms, p99 %.1f ms",
                ms(percentile(roundTrip, 50)), ms(percentile(roundTrip, 99))));
        lines.add(String.format(
                "  of which service event published -> next command published: p50 %.1f ms, p99 %.1f ms",
                ms(percentile(inGateway, 50)), ms(percentile(inGateway, 99))));
    }

    /**
     * What following a run reads: its changes stream (the whole run, then what each event changed), against a read of the
     * whole run after every event (the follower before), computed from the same changes.
     */
    private void following(List<String> lines, ScriptedStepServices services) throws Exception {
        String steps = String.join(",", Collections.nCopies(STEPS_PER_RUN, "\"verify\""));
        String id = api.start("{\"steps\": [{\"name\": \"deploy\", \"params\": {\"test.behaviour\": \"hold\"}}, "
                + steps + "], \"options\": {\"keepCluster\": true}}");
        await().atMost(Duration.ofMinutes(1))
                .until(() -> "RUNNING".equals(api.get(id).getString("steps[0].status")));
        HttpRequest follow = HttpRequest.newBuilder(base.resolve("/api/runs/" + id + "/changes"))
                .header("Authorization", "Bearer " + TestTokens.ADMIN)
                .header("Accept", "text/event-stream")
                .build();
        Iterator<String> stream = HttpClient.newHttpClient()
                .send(follow, HttpResponse.BodyHandlers.ofLines())
                .body()
                .filter(l -> l.startsWith("data:"))
                .iterator();
        List<String> changes = new ArrayList<>(List.of(stream.next().substring("data:".length())));
        services.release(id);
        stream.forEachRemaining(l -> changes.add(l.substring("data:".length())));
        ObjectMapper json = new ObjectMapper().findAndRegisterModules();
        long streamed = changes.stream()
                .mapToLong(c -> c.getBytes(StandardCharsets.UTF_8).length)
                .sum();
        long reread = 0;
        RunView run = null;
        for (String change : changes) {
            run = json.readValue(change, RunChange.class).applyTo(run);
            reread += json.writeValueAsBytes(run).length;
        }
        lines.add(String.format(
                "following a run of %d steps (%d changes): the changes stream %.1f kB in one request; a read of the whole"
                        + " run after every event, as the follower did before, %.1f kB in %d requests",
                run.steps().size(), changes.size(), streamed / 1024.0, reread / 1024.0, changes.size()));
    }

    private void history(List<String> lines) throws Exception {
        int existing = api.given().get("/api/runs?size=1").then().extract().path("total");
        List<String> ids = new ArrayList<>();
        for (int i = existing; i < HISTORY_RUNS; i++) {
            ids.add(api.start("{\"steps\": [\"verify\"], \"options\": {\"keepCluster\": true}}"));
        }
        await().atMost(Duration.ofMinutes(5))
                .until(() -> api.given()
                                        .get("/api/runs?state=RUNNING&size=1")
                                        .then()
                                        .extract()
                                        .<Integer>path("total")
                                == 0
                        && api.given()
                                        .get("/api/runs?state=PENDING&size=1")
                                        .then()
                                        .extract()
                                        .<Integer>path("total")
                                == 0);
        List<String> all = api.given()
                .get("/api/runs?size=200")
                .then()
                .extract()
                .jsonPath()
                .getList("items.id");
        int total = api.given().get("/api/runs?size=1").then().extract().path("total");
        // Each request signs in again (no session): a zklab API token (its SHA-256 against the tokens file), then a JWT
        // (its RSA signature verified).
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("an API token", TestTokens.VIEWER);
        callers.put("a JWT", TestTokens.jwt("bench@example.com", Set.of("viewer")));
        // Two rounds, taking turns, so neither kind of token gets the other's warm-up.
        for (Map.Entry<String, String> caller : List.of(callers.entrySet(), callers.entrySet()).stream()
                .flatMap(Set::stream)
                .toList()) {
            List<Long> latencies = new ArrayList<>();
            double seconds = gets(all, caller.getValue(), latencies);
            lines.add(String.format(
                    "GET /api/runs/{id} with %d runs in the history, %d requests from %d client threads, signed in with %s:",
                    total, latencies.size(), CLIENT_THREADS, caller.getKey()));
            lines.add(String.format(
                    "  %.0f requests/s, p50 %.2f ms, p99 %.2f ms",
                    latencies.size() / seconds, ms(percentile(latencies, 50)), ms(percentile(latencies, 99))));
        }
    }

    /** GETs the runs from {@link #CLIENT_THREADS} threads with {@code token}; adds each latency; returns the seconds taken. */
    private double gets(List<String> ids, String token, List<Long> latencies) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENT_THREADS);
        List<Future<List<Long>>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < CLIENT_THREADS; t++) {
            futures.add(pool.submit(() -> {
                List<Long> mine = new ArrayList<>();
                for (int i = 0; i < GET_REQUESTS / CLIENT_THREADS; i++) {
                    HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/runs/" + ids.get(i % ids.size())))
                            .header("Authorization", "Bearer " + token)
                            .GET()
                            .build();
                    long t0 = System.nanoTime();
                    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    mine.add(System.nanoTime() - t0);
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("GET answered " + response.statusCode());
                    }
                }
                return mine;
            }));
        }
        for (Future<List<Long>> f : futures) {
            latencies.addAll(f.get());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return seconds;
    }

    private void rebuild(List<String> lines, String bootstrap) throws IOException {
        long t0 = System.nanoTime();
        try (PackagedService fresh = PackagedService.start("gateway", bootstrap)) {
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(50))
                    .ignoreExceptions()
                    .until(() -> new GatewayApi(fresh)
                                            .given()
                                            .get("/api/runs?size=1")
                                            .statusCode()
                                    == 200
                            && metric(fresh, "zklab_history_runs") > 0);
            double ready = (System.nanoTime() - t0) / 1e9;
            lines.add(String.format(
                    "a new gateway on that history (%.0f runs, %d events topic records): rebuilt in %.2f s; "
                            + "process start to serving runs: %.2f s",
                    metric(fresh, "zklab_history_runs"),
                    countEvents(),
                    metric(fresh, "zklab_history_rebuild_seconds"),
                    ready));
        }
    }

    private long countEvents() {
        long count = 0;
        int page = 0;
        while (true) {
            List<String> ids = api.given()
                    .get("/api/runs?size=200&page=" + page)
                    .then()
                    .extract()
                    .jsonPath()
                    .getList("items.id");
            if (ids.isEmpty()) {
                return count;
            }
            for (String id : ids) {
                count += api.given()
                        .get("/api/runs/" + id + "/report")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("events")
                        .size();
            }
            page++;
        }
    }

    private static double metric(PackagedService service, String name) {
        return new GatewayApi(service).metric(name);
    }

    private static long percentile(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
