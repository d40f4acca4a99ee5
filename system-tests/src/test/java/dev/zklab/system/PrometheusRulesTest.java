package dev.zklab.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * deploy/prometheus with Prometheus' own tool: the configuration and its rules load (promtool check), and
 * each alert fires — and stays quiet — when its unit tests say (promtool test rules: every alert, its labels,
 * its summary and runbook text). promtool is upstream's, at the version deploy/prometheus/versions.env pins, which
 * ./zklab test builds.
 */
class PrometheusRulesTest {

    private static final Path DIR = PackagedService.root().resolve("deploy/prometheus");

    @Test
    void theConfigurationAndItsRulesLoad() throws Exception {
        String out = promtool("check", "config", "prometheus.yml");
        assertThat(out).contains("SUCCESS: 15 rules found");
    }

    @Test
    void everyAlertFiresAndStaysQuietWhenItsTestsSay() throws Exception {
        assertThat(promtool("test", "rules", "tests/rules-test.yml")).contains("SUCCESS");
    }

    private static String promtool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(PrometheusBinaries.path("promtool")));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(DIR.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as("promtool %s:\n%s", String.join(" ", args), out)
                .isZero();
        return out;
    }
}
