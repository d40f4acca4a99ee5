package dev.zklab.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zklab.common.net.LoopbackPorts;
import dev.zklab.common.wait.Deadline;
import dev.zklab.common.wait.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A real Prometheus (Debian's binary, bound to 127.0.0.1) scraping the packaged services every 2 s and
 * evaluating deploy/prometheus/rules.yml every second — with every alert's {@code for} cut to 2 s, so that a
 * test sees in seconds what would fire after minutes.
 */
final class PrometheusServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final int port;
    private final Path log;

    private PrometheusServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts Prometheus scraping these services ({@code job="zklab"}, as deploy/prometheus/prometheus.yml names them). */
    static PrometheusServer scraping(List<PackagedService> services) {
        try {
            Path dir = Files.createTempDirectory("prometheus-");
            String rules = Files.readString(PackagedService.root().resolve("deploy/prometheus/rules.yml"))
                    .replaceAll("(?m)^(\\s+)for: \\S+$", "$1for: 2s");
            Files.writeString(dir.resolve("rules.yml"), rules);
            Files.writeString(dir.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 2s
                      evaluation_interval: 1s
                    rule_files:
                      - rules.yml
                    scrape_configs:
                      - job_name: zklab
                        metrics_path: /q/metrics
                        static_configs:
                          - targets: [%s]
                    """.formatted(services.stream().map(s -> "\"127.0.0.1:" + s.port() + "\"").collect(Collectors.joining(", "))));
            int port = LoopbackPorts.free();
            Path log = dir.resolve("prometheus.log");
            Process process;
            try {
                process = new ProcessBuilder("prometheus", "--config.file=" + dir.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                throw new AssertionError("prometheus is missing; ./zklab test installs it (apt-get install prometheus)", e);
            }
            PrometheusServer server = new PrometheusServer(process, port, log);
            Deadline.in(Duration.ofSeconds(60)).until("Prometheus to be ready (log: " + log + ")", Duration.ofMillis(200), () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("prometheus exited with " + process.exitValue() + "; see " + log);
                }
                return server.ready() ? Poll.done(server) : Poll.pending("not ready");
            });
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean ready() {
        return LocalProcesses.answers("http://127.0.0.1:" + port + "/-/ready");
    }

    /** The series an instant query returns now (its {@code data.result}); a query Prometheus refuses fails the test. */
    JsonNode query(String expression) {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                    + URLEncoder.encode(expression, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(answer.body());
            if (answer.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
                throw new AssertionError("Prometheus refused " + expression + ": " + answer.body());
            }
            return body.path("data").path("result");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Path log() {
        return log;
    }

    @Override
    public void close() {
        LocalProcesses.stop(process);
    }
}
