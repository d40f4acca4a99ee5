package dev.zklab.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.zklab.localkube.LocalKubeCluster;
import dev.zklab.support.net.LoopbackPorts;
import dev.zklab.support.wait.Deadline;
import dev.zklab.support.wait.Poll;
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

/**
 * A real Prometheus (upstream's, built by ./zklab test; bound to 127.0.0.1) scraping the packaged services and
 * the members of a localkube cluster's ensembles every 2 s and evaluating deploy/prometheus/rules.yml every second — with every alert's {@code for} cut to 2 s, so that a
 * test sees in seconds what would fire after minutes.
 */
final class PrometheusServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final int port;
    private final Path log;

    private PrometheusServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts Prometheus with deploy/prometheus/prometheus.yml as it is, but for where things are here: job
     * {@code zklab} scrapes these services, job {@code zookeeper} finds the members through this cluster's API
     * and reaches them through its pod proxy (the members' addresses live in the cluster's network namespace).
     */
    static PrometheusServer scraping(List<PackagedService> services, LocalKubeCluster cluster) {
        try {
            Path dir = Files.createTempDirectory("prometheus-");
            String rules = Files.readString(PackagedService.root().resolve("deploy/prometheus/rules.yml"))
                    .replaceAll("(?m)^(\\s+)for: \\S+$", "$1for: 2s");
            Files.writeString(dir.resolve("rules.yml"), rules);
            ObjectNode config = (ObjectNode) YAML.readTree(PackagedService.root()
                    .resolve("deploy/prometheus/prometheus.yml")
                    .toFile());
            config.putObject("global").put("scrape_interval", "2s").put("evaluation_interval", "1s");
            for (JsonNode job : config.path("scrape_configs")) {
                switch (job.path("job_name").asText()) {
                    case "zklab" -> {
                        ArrayNode targets =
                                ((ObjectNode) job.path("static_configs").get(0)).putArray("targets");
                        services.forEach(s -> targets.add("127.0.0.1:" + s.port()));
                    }
                    case "zookeeper" -> {
                        ((ObjectNode) job.path("kubernetes_sd_configs").get(0))
                                .put("kubeconfig_file", cluster.kubeconfig().toString());
                        ((ObjectNode) job).put("proxy_url", cluster.podProxy().toString());
                    }
                    default ->
                        throw new AssertionError(
                                "deploy/prometheus/prometheus.yml has a job this test does not know: " + job);
                }
            }
            YAML.writeValue(dir.resolve("prometheus.yml").toFile(), config);
            int port = LoopbackPorts.free();
            Path log = dir.resolve("prometheus.log");
            Process process = new ProcessBuilder(
                            PrometheusBinaries.path("prometheus"),
                            "--config.file=" + dir.resolve("prometheus.yml"),
                            "--storage.tsdb.path=" + dir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            PrometheusServer server = new PrometheusServer(process, port, log);
            Deadline.in(Duration.ofSeconds(60))
                    .until("Prometheus to be ready (log: " + log + ")", Duration.ofMillis(200), () -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(
                                    "prometheus exited with " + process.exitValue() + "; see " + log);
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
            HttpResponse<String> answer = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                                    + URLEncoder.encode(expression, StandardCharsets.UTF_8)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(answer.body());
            if (answer.statusCode() != 200
                    || !"success".equals(body.path("status").asText())) {
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
