package dev.zklab.system;

import dev.zklab.security.TestTokens;
import dev.zklab.support.net.LoopbackPorts;
import dev.zklab.support.wait.Deadline;
import dev.zklab.support.wait.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A zklab service started from its packaged jar in a JVM of its own, as ./zklab up starts it. A
 * service that exits while it starts fails the test at once, with its log.
 */
final class PackagedService implements AutoCloseable {

    /** The five services, in the order ./zklab up starts them. */
    static final List<String> ALL = List.of("provisioner", "deployer", "verifier", "drainer", "gateway");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /** How callers sign in to every service this JVM starts: the test tokens file and JWT key ({@link TestTokens}). */
    private static final Map<String, String> SIGN_IN = TestTokens.writeSignIn(TestTokens.DIR);
    /** The log of every service this JVM started, restarted ones' too: what the secret-hygiene check reads. */
    private static final List<Path> LOGS = new CopyOnWriteArrayList<>();

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private PackagedService(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts {@code <module>/target/quarkus-app/quarkus-run.jar} on a free port and waits until it is ready. */
    static PackagedService start(String module, String bootstrap) {
        return start(module, bootstrap, LoopbackPorts.free());
    }

    /** Starts the module's packaged jar on {@code port} (say, where one that was killed listened) and waits until it is ready. */
    static PackagedService start(String module, String bootstrap, int port) {
        return start(module, bootstrap, port, Map.of());
    }

    /** As {@link #start(String, String, int)}, with these system properties besides (say, where the gateway finds the deployer). */
    static PackagedService start(String module, String bootstrap, int port, Map<String, String> properties) {
        Path jar = root().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing; package the modules first (./mvnw package)");
        }
        try {
            Path log = Files.createTempFile(module + "-", ".log");
            LOGS.add(log);
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "-Dkafka.bootstrap.servers=" + bootstrap,
                    "-Dquarkus.http.port=" + port,
                    // Where the provisioner finds localkube, as ./zklab up tells it.
                    "-Dzklab.root=" + root().toAbsolutePath()));
            SIGN_IN.forEach((key, value) -> command.add("-D" + key + "=" + value));
            properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
            command.addAll(List.of("-jar", jar.toString()));
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            PackagedService service = new PackagedService(module, process, port, log);
            Deadline.in(START_TIMEOUT)
                    .until(
                            module + " to be ready at " + service.url() + " (log: " + log + ")",
                            Duration.ofMillis(200),
                            () -> {
                                if (!process.isAlive()) {
                                    throw new IllegalStateException(module + " exited with " + process.exitValue()
                                            + " while starting; see " + log);
                                }
                                return service.ready() ? Poll.done(service) : Poll.pending("not ready yet");
                            });
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the five services on the broker, in ./zklab up's order; the gateway relays previews to this deployer and drainer. */
    static List<PackagedService> startAll(String bootstrap) {
        List<PackagedService> started = new ArrayList<>();
        for (String module : ALL) {
            started.add(
                    module.equals("gateway")
                            ? start(module, bootstrap, LoopbackPorts.free(), relayingTo(started))
                            : start(module, bootstrap));
        }
        return List.copyOf(started);
    }

    /** Where a gateway finds the deployer and the drainer among {@code services} (their ports are free ones, not ./zklab up's). */
    static Map<String, String> relayingTo(List<PackagedService> services) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (PackagedService service : services) {
            if (service.name.equals("deployer") || service.name.equals("drainer")) {
                properties.put("zklab.gateway." + service.name + "-url", service.url());
            }
        }
        return properties;
    }

    private boolean ready() {
        return LocalProcesses.answers(url() + "/q/health/ready");
    }

    /** The repository: the build sets {@code zklab.root}. */
    static Path root() {
        return Path.of(System.getProperty("zklab.root", ".."));
    }

    String name() {
        return name;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    /** Every log written so far by a service this JVM started (killed and restarted ones included). */
    static List<Path> allLogs() {
        return List.copyOf(LOGS);
    }

    /** Ends the process at once (SIGKILL), as a crash would. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() {
        LocalProcesses.stop(process);
    }

    @Override
    public String toString() {
        return name + " at " + url();
    }
}
