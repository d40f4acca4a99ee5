package dev.zklab.localkube;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The processes behind localkube's zk pods, as a test finds them on the host: a container's process has
 * its pod's volumes mounted (its mount namespace shows the PersistentVolume's directory as a mount's source).
 */
public final class ContainerProcesses {

    private ContainerProcesses() {}

    /** The ZooKeeper server of the pod whose data volume is this PersistentVolume; empty when none runs. */
    public static Optional<ProcessHandle> serverWithVolume(String persistentVolume) {
        return ProcessHandle.allProcesses()
                .filter(p ->
                        p.info().commandLine().orElse("").contains("org.apache.zookeeper.server.quorum.QuorumPeerMain"))
                .filter(p -> mounts(p).contains("/" + persistentVolume + " "))
                .findFirst();
    }

    /** The user a process runs as (its real uid, from /proc). */
    public static int uid(ProcessHandle process) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                    .filter(l -> l.startsWith("Uid:"))
                    .map(l -> Integer.parseInt(l.split("\\s+")[1]))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Uid line in /proc/" + process.pid() + "/status"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + process.pid() + "/status", e);
        }
    }

    private static String mounts(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(process.pid()), "mountinfo"));
        } catch (IOException e) {
            return "";
        }
    }
}
