package dev.zklab.system;

import dev.zklab.support.files.ZklabCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the tests' prometheus and promtool are: the version deploy/prometheus/versions.env pins, built by
 * ./zklab test (with Kubernetes service discovery) into zklab's cache. Never one from PATH: Debian's cannot
 * read the zookeeper job.
 */
final class PrometheusBinaries {

    private PrometheusBinaries() {}

    /** The built binary {@code name} ({@code prometheus} or {@code promtool}); fails saying how to build it. */
    static String path(String name) {
        String version = version();
        Path binary = ZklabCache.directory()
                .resolve("prometheus-" + version)
                .resolve("bin")
                .resolve(name);
        if (!Files.isExecutable(binary)) {
            throw new AssertionError("Prometheus " + version + "'s " + name + " is not built (" + binary
                    + "); ./zklab test builds it from its Go module the first time");
        }
        return binary.toString();
    }

    static String version() {
        try {
            return Files.readAllLines(PackagedService.root().resolve("deploy/prometheus/versions.env")).stream()
                    .filter(l -> l.startsWith("PROMETHEUS_VERSION="))
                    .map(l -> l.substring("PROMETHEUS_VERSION=".length()).strip())
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("deploy/prometheus/versions.env has no PROMETHEUS_VERSION"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
