package dev.zklab.members;

import dev.zklab.support.files.ZklabCache;
import dev.zklab.support.net.LoopbackPorts;
import dev.zklab.support.wait.Deadline;
import dev.zklab.support.wait.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Real ZooKeeper servers for tests: one JVM ({@code QuorumPeerMain}) per server, every port on
 * 127.0.0.1, a data directory per server under a test folder. Member with ordinal N has server id N+1,
 * as in the StatefulSet. Servers are started with a given membership and stopped like a pod (SIGTERM,
 * then a kill after a grace period).
 */
public final class LocalZooKeeperServers implements AutoCloseable {

    /** A server's ports, all on 127.0.0.1. */
    public record Ports(int client, int quorum, int election, int admin, int metrics) {}

    /** Server logs at INFO (logback's default would be DEBUG), as the deployer's ConfigMap sets them. */
    private static final String LOGBACK = """
            <configuration>
              <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d{ISO8601} [myid:%X{myid}] %-5p [%t:%C{1}@%L] - %m%n</pattern></encoder>
              </appender>
              <root level="INFO"><appender-ref ref="OUT"/></root>
            </configuration>
            """;

    private final Path root;
    private final String staticConfig;
    private final Optional<SuperUser> superUser;
    private final Map<Integer, Ports> ports = new TreeMap<>();
    private final Map<Integer, Process> processes = new TreeMap<>();

    /**
     * @param staticConfig zoo.cfg settings shared by every server (no dataDir, ports or servers: those are added here)
     * @param superUser    the super user the servers admit (needed for reconfiguration)
     */
    public LocalZooKeeperServers(Path root, String staticConfig, Optional<SuperUser> superUser) {
        this.root = root;
        this.staticConfig = staticConfig;
        this.superUser = superUser;
    }

    /** zoo.cfg settings like the {@code current} profile's, for tests that do not render their own. */
    public static String defaultStaticConfig() {
        return String.join(
                "\n",
                "tickTime=500",
                "initLimit=20",
                "syncLimit=10",
                "standaloneEnabled=false",
                "reconfigEnabled=true",
                "4lw.commands.whitelist=srvr,mntr,ruok,conf",
                "");
    }

    /** A fresh folder for a test's servers under {@code target/}, kept after the test for its logs. */
    public static Path folderFor(Class<?> test) {
        Path dir = Path.of("target", "zookeeper", test.getSimpleName() + "-" + System.currentTimeMillis())
                .toAbsolutePath();
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized Ports ports(int ordinal) {
        return ports.computeIfAbsent(
                ordinal,
                o -> new Ports(
                        LoopbackPorts.free(),
                        LoopbackPorts.free(),
                        LoopbackPorts.free(),
                        LoopbackPorts.free(),
                        LoopbackPorts.free()));
    }

    /** The member's line of the dynamic configuration, in the StatefulSet's format but on loopback ports. */
    public String serverSpec(int ordinal) {
        Ports p = ports(ordinal);
        return "127.0.0.1:" + p.quorum() + ":" + p.election() + ":participant;127.0.0.1:" + p.client();
    }

    /** Member access for these servers. */
    public MemberAccess access() {
        return new FixedAddressAccess((ordinal, port) -> new InetSocketAddress(
                "127.0.0.1",
                switch (port) {
                    case 2181 -> ports(ordinal).client();
                    case 8080 -> ports(ordinal).admin();
                    default -> throw new IllegalArgumentException("test servers expose 2181 and 8080, not " + port);
                }));
    }

    /** Starts the servers with these ordinals as one ensemble, and waits until all serve. */
    public void startEnsemble(Collection<Integer> ordinals) {
        for (int ordinal : ordinals) {
            start(ordinal, ordinals);
        }
        for (int ordinal : ordinals) {
            awaitServing(ordinal, Duration.ofSeconds(60));
        }
    }

    /**
     * Starts one server whose initial membership is {@code membership} (it should include the server
     * itself); a server already in the ensemble's configuration joins, a new one syncs as a non-voting
     * member until it is added by reconfiguration.
     */
    public synchronized void start(int ordinal, Collection<Integer> membership) {
        if (processes.containsKey(ordinal) && processes.get(ordinal).isAlive()) {
            throw new IllegalStateException("server of zk-" + ordinal + " is already running");
        }
        Path dir = root.resolve("zk-" + ordinal);
        Path data = dir.resolve("data");
        Path conf = dir.resolve("conf");
        try {
            Files.createDirectories(data);
            Files.createDirectories(conf);
            Files.writeString(data.resolve("myid"), Integer.toString(ordinal + 1));
            Path cfg = conf.resolve("zoo.cfg");
            // ZooKeeper rewrites zoo.cfg after a reconfiguration to name its newest dynamic file: keep that.
            String dynamicLine = Files.exists(cfg)
                    ? Files.readAllLines(cfg).stream()
                            .filter(l -> l.startsWith("dynamicConfigFile="))
                            .findFirst()
                            .orElse(null)
                    : null;
            if (dynamicLine == null) {
                Path dynamic = conf.resolve("zoo.cfg.dynamic");
                Files.writeString(
                        dynamic,
                        membership.stream()
                                .sorted()
                                .map(o -> "server." + (o + 1) + "=" + serverSpec(o))
                                .collect(Collectors.joining("\n", "", "\n")));
                dynamicLine = "dynamicConfigFile=" + dynamic;
            }
            Ports p = ports(ordinal);
            Files.writeString(
                    cfg,
                    staticConfig + "\n"
                            + String.join(
                                    "\n",
                                    "dataDir=" + data,
                                    "admin.enableServer=true",
                                    "admin.serverAddress=127.0.0.1",
                                    "admin.serverPort=" + p.admin(),
                                    // A rendered zoo.cfg turns on the metrics provider on 7000 of every address (the
                                    // pod's own): here, loopback.
                                    "metricsProvider.httpHost=127.0.0.1",
                                    "metricsProvider.httpPort=" + p.metrics(),
                                    dynamicLine,
                                    ""));
            List<String> command = new ArrayList<>(List.of(
                    java(),
                    "-Xmx128m",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-Dzookeeper.admin.idleTimeout=5000"));
            superUser.ifPresent(u -> command.add("-Dzookeeper.DigestAuthenticationProvider.superDigest=" + u.digest()));
            Files.writeString(conf.resolve("logback.xml"), LOGBACK);
            command.addAll(List.of(
                    "-cp",
                    conf + ":" + serverClasspath(),
                    "org.apache.zookeeper.server.quorum.QuorumPeerMain",
                    cfg.toString()));
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("server.log").toFile()))
                    .start();
            processes.put(ordinal, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the ZooKeeper server of zk-" + ordinal + " in " + dir, e);
        }
    }

    /** Stops a server like a deleted pod: SIGTERM, then SIGKILL after the grace period. */
    public synchronized void stop(int ordinal) {
        Process process = processes.remove(ordinal);
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    public boolean running(int ordinal) {
        Process process = processes.get(ordinal);
        return process != null && process.isAlive();
    }

    /** Waits until the member answers srvr as part of a quorum; fails at once when its server exits. */
    public void awaitServing(int ordinal, Duration timeout) {
        Deadline.in(timeout)
                .until(
                        "the server of zk-" + ordinal + " to serve (see " + log(ordinal) + ")",
                        Duration.ofMillis(200),
                        () -> {
                            if (!running(ordinal)) {
                                throw new IllegalStateException(
                                        "server of zk-" + ordinal + " exited; see " + log(ordinal));
                            }
                            MemberAnswer answer = MemberAnswers.status(
                                            access(), List.of(ordinal), Duration.ofSeconds(2))
                                    .get(0);
                            return answer.serving()
                                    ? Poll.done(answer)
                                    : Poll.pending(answer.error().orElse("not serving"));
                        });
    }

    public Path log(int ordinal) {
        return root.resolve("zk-" + ordinal).resolve("server.log");
    }

    @Override
    public synchronized void close() {
        new ArrayList<>(processes.keySet()).forEach(this::stop);
    }

    /**
     * The server's jars: the ones localkube's pod runtime runs ({@code localkube build} fetches them into
     * its cache), of the ZooKeeper version zklab links. {@code zklab.zookeeper.lib} overrides the folder.
     */
    static String serverClasspath() {
        String version = org.apache.zookeeper.Version.getFullVersion().split("[-,]")[0];
        Path lib = Optional.ofNullable(System.getProperty("zklab.zookeeper.lib"))
                .map(Path::of)
                .orElseGet(() -> ZklabCache.directory()
                        .resolve("localkube")
                        .resolve("zookeeper-" + version)
                        .resolve("lib"));
        if (!Files.isRegularFile(lib.resolve("zookeeper-" + version + ".jar"))) {
            throw new IllegalStateException("no ZooKeeper " + version + " server jars in " + lib
                    + "; run localkube/localkube build (./zklab test does), which fetches them");
        }
        return lib.toAbsolutePath() + "/*";
    }

    private static String java() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
