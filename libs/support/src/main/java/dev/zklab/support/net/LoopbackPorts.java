package dev.zklab.support.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports on 127.0.0.1 for the servers zklab starts itself (Kafka, ZooKeeper test servers, packaged
 * services). They are taken below the kernel's ephemeral range: a port the kernel picks for
 * {@code new ServerSocket(0)} is one it also gives to outgoing connections, so between choosing it and
 * the server binding it a client socket can take it — a ZooKeeper test server once exited with "Address
 * already in use" on its election port, taken by another member's connection. A port is handed out
 * once per JVM.
 */
public final class LoopbackPorts {

    /** The lowest port handed out: well clear of the well-known and registered services people run. */
    static final int LOWEST = 10_000;

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** The start of the ephemeral range where the kernel does not say (Linux's default). */
    private static final int DEFAULT_EPHEMERAL_START = 32_768;

    private static final int ATTEMPTS = 500;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private LoopbackPorts() {}

    /** A port nothing listens on now, below the ephemeral range, not handed out before by this JVM. */
    public static int free() {
        int end = ephemeralStart();
        if (end - LOWEST >= 1_000) {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                int port = ThreadLocalRandom.current().nextInt(LOWEST, end);
                if (HANDED_OUT.add(port) && bindable(port)) {
                    return port;
                }
            }
        }
        // No room below the ephemeral range (a tuned kernel): the kernel's own choice, race and all.
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            HANDED_OUT.add(socket.getLocalPort());
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    /** Where the kernel's ephemeral ports begin ({@code ip_local_port_range}). */
    static int ephemeralStart() {
        try {
            // Line by line: Files.readString trusts the size procfs reports and reads only part of the file.
            return Integer.parseInt(
                    Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL_START;
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
