package dev.zklab.kafka;

import dev.zklab.support.net.LoopbackPorts;
import dev.zklab.support.wait.Deadline;
import dev.zklab.support.wait.Poll;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A single-node KRaft Kafka broker (broker and controller in one process) bound to 127.0.0.1,
 * run as a child JVM from the Kafka jars that Maven copied to {@code kafka-broker/target/broker-lib}.
 */
public final class LocalKafka implements AutoCloseable {

    /** System property naming the broker's jar directory (the build sets it for tests). */
    public static final String LIB_PROPERTY = "zklab.kafka.lib";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final int port;
    private final Path dir;

    private LocalKafka(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** Formats {@code dir} if it is new and starts the broker on {@code port} (0: a free port). */
    public static LocalKafka start(Path lib, Path dir, int port) {
        if (!Files.isDirectory(lib) || !Files.exists(lib.resolve("kafka_2.13-" + kafkaVersion(lib) + ".jar"))) {
            throw new IllegalStateException("no Kafka broker jars in " + lib
                    + "; build them with './mvnw -pl kafka-broker package' (./zklab test does)");
        }
        try {
            int brokerPort = port == 0 ? LoopbackPorts.free() : port;
            int controllerPort = LoopbackPorts.free();
            Files.createDirectories(dir);
            Path properties = dir.resolve("server.properties");
            Files.writeString(properties, serverProperties(dir.resolve("data"), brokerPort, controllerPort));
            if (!Files.exists(dir.resolve("data/meta.properties"))) {
                run(
                        List.of(
                                java(),
                                "-cp",
                                lib + File.separator + "*",
                                "kafka.tools.StorageTool",
                                "format",
                                "--cluster-id=" + clusterId(),
                                "--config=" + properties),
                        dir.resolve("format.log"));
            }
            Process process = new ProcessBuilder(
                            java(),
                            "-Xms64m",
                            "-Xmx512m",
                            "-XX:+UseSerialGC",
                            "-cp",
                            lib + File.separator + "*",
                            "kafka.Kafka",
                            properties.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("broker.log").toFile())
                    .start();
            LocalKafka kafka = new LocalKafka(process, brokerPort, dir);
            kafka.awaitReady();
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Kafka broker in " + dir, e);
        }
    }

    /** {@code host:port} for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path directory() {
        return dir;
    }

    private void awaitReady() {
        Path log = dir.resolve("broker.log");
        try {
            Deadline.in(START_TIMEOUT)
                    .until(
                            "the Kafka broker to start on 127.0.0.1:" + port + " (see " + log + ")",
                            Duration.ofMillis(200),
                            () -> {
                                if (!process.isAlive()) {
                                    throw new IllegalStateException(
                                            "the Kafka broker exited with " + process.exitValue() + "; see " + log);
                                }
                                boolean started = Files.exists(log)
                                        && Files.readString(log).contains("Kafka Server started");
                                return started && accepts(port)
                                        ? Poll.done(port)
                                        : Poll.pending(started ? "not accepting connections yet" : "not started yet");
                            });
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static String serverProperties(Path data, int port, int controllerPort) {
        return String.join(
                "\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + data,
                "num.partitions=2",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "");
    }

    private static String kafkaVersion(Path lib) throws UncheckedIOException {
        try (var files = Files.list(lib)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("kafka_2.13-") && n.endsWith(".jar"))
                    .map(n -> n.substring("kafka_2.13-".length(), n.length() - ".jar".length()))
                    .findFirst()
                    .orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static void run(List<String> command, Path log) throws IOException {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("formatting the Kafka storage failed; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting the Kafka storage");
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * A KRaft cluster id: 16 random bytes, URL-safe base64 without padding (as Kafka's Uuid prints them).
     * Like Kafka's own, never one that starts with '-', which a command line would take for an option.
     */
    static String clusterId() {
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[16];
        String id;
        do {
            random.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (id.startsWith("-"));
        return id;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Runs a broker in the foreground until this JVM is stopped: {@code --lib DIR --dir DIR [--port N]}.
     * This is how {@code ./zklab up} starts Kafka.
     */
    public static void main(String[] args) throws InterruptedException {
        Path lib = null;
        Path dir = null;
        int port = 9092;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--lib" -> lib = Path.of(args[i + 1]);
                case "--dir" -> dir = Path.of(args[i + 1]);
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                default ->
                    throw new IllegalArgumentException(
                            "unknown option " + args[i] + "; use --lib DIR --dir DIR [--port N]");
            }
        }
        if (lib == null || dir == null) {
            throw new IllegalArgumentException("usage: LocalKafka --lib DIR --dir DIR [--port N]");
        }
        LocalKafka kafka = start(lib, dir, port);
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
        System.out.println("kafka " + kafka.bootstrapServers());
        kafka.process.waitFor();
    }
}
