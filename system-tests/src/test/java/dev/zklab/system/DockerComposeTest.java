package dev.zklab.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zklab.support.kubernetes.EnsembleNames;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml stays valid and true to the system ./zklab up runs: parsed with a YAML parser,
 * the official Kafka image at the version of our kafka-clients, each service on its own port.
 */
class DockerComposeTest {

    private static final Path ROOT = PackagedService.root();
    private static final List<String> SERVICES = PackagedService.ALL;

    @Test
    @SuppressWarnings("unchecked")
    void composeRunsTheSameSystem() throws IOException {
        Map<String, Object> compose = load(ROOT.resolve("docker-compose.yml"));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");

        assertThat(services)
                .containsKeys("kafka", "prometheus", "grafana")
                .containsKeys(SERVICES.toArray(String[]::new));
        // Every file or folder compose mounts from the repository is there: Prometheus' rules, Grafana's provisioning
        // and dashboard.
        List<String> mounted = services.values().stream()
                .flatMap(s -> ((List<String>) s.getOrDefault("volumes", List.of())).stream())
                .filter(v -> v.startsWith("./"))
                .map(v -> v.substring(2, v.indexOf(':')))
                .toList();
        assertThat(mounted)
                .contains("deploy/prometheus/rules.yml", "deploy/grafana/provisioning", "deploy/grafana/dashboards");
        assertThat(mounted).allSatisfy(path -> assertThat(ROOT.resolve(path)).exists());
        assertThat(services.get("kafka").get("image")).isEqualTo("apache/kafka:" + AppInfoParser.getVersion());
        assertThat(services.get("prometheus").get("image"))
                .as("the Prometheus the tests build and run")
                .isEqualTo("prom/prometheus:v" + PrometheusBinaries.version());
        for (String name : SERVICES) {
            Map<String, Object> service = services.get(name);
            Map<String, Object> environment = (Map<String, Object>) service.get("environment");
            String port = httpPort(name);
            assertThat(environment)
                    .as(name)
                    .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
                    .containsEntry("QUARKUS_HTTP_PORT", Integer.parseInt(port));
            assertThat((List<String>) service.get("ports")).as(name).containsExactly("127.0.0.1:" + port + ":" + port);
            Map<String, Object> build = (Map<String, Object>) service.get("build");
            assertThat(((Map<String, Object>) build.get("args")).get("SERVICE")).isEqualTo(name);
            assertThat(ROOT.resolve((String) build.get("dockerfile"))).exists();
            assertThat((Map<String, Object>) service.get("depends_on")).as(name).containsKey("kafka");
            assertThat(environment)
                    .as(name + " signs callers in with the tokens file")
                    .containsEntry("ZKLAB_SECURITY_TOKENS_FILE", "/run/secrets/zklab-tokens");
            assertThat((List<String>) service.get("secrets")).as(name).containsExactly("zklab-tokens");
        }
        assertThat((Map<String, Object>) services.get("gateway").get("environment"))
                .as("the gateway relays previews to them")
                .containsEntry("ZKLAB_GATEWAY_DEPLOYER_URL", "http://deployer:" + httpPort("deployer"))
                .containsEntry("ZKLAB_GATEWAY_DRAINER_URL", "http://drainer:" + httpPort("drainer"));
        assertThat((Map<String, Object>) ((Map<String, Object>) compose.get("secrets")).get("zklab-tokens"))
                .as("the tokens file, which compose refuses to start without")
                .containsKey("file");
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesEveryService() throws IOException {
        Map<String, Object> config = load(ROOT.resolve("deploy/prometheus/prometheus.yml"));
        Map<String, Object> job = ((List<Map<String, Object>>) config.get("scrape_configs")).get(0);
        List<String> targets = (List<String>)
                ((List<Map<String, Object>>) job.get("static_configs")).get(0).get("targets");

        assertThat(job.get("metrics_path")).isEqualTo("/q/metrics");
        assertThat(targets)
                .containsExactlyInAnyOrderElementsOf(
                        SERVICES.stream().map(s -> s + ":" + httpPort(s)).toList());
        // The members: found through the Kubernetes API among the pods zklab deployed, on the port named for their
        // metrics.
        Map<String, Object> members = ((List<Map<String, Object>>) config.get("scrape_configs")).get(1);
        assertThat(members.get("job_name")).isEqualTo("zookeeper");
        assertThat(members.toString())
                .contains(
                        "role=pod",
                        "label=app=zk,app.kubernetes.io/managed-by=zklab",
                        "regex=" + EnsembleNames.METRICS_PORT_NAME);
    }

    private static String httpPort(String module) {
        Properties properties = new Properties();
        try (Reader in =
                Files.newBufferedReader(ROOT.resolve(module).resolve("src/main/resources/application.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return properties.getProperty("quarkus.http.port");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file)) {
            return new Yaml().load(in);
        }
    }
}
