package dev.zklab.support.files;

import java.nio.file.Path;

/**
 * Where zklab keeps what it builds and creates outside the repository (localkube's binaries and
 * clusters, ZooKeeper's server jars): {@code $ZKLAB_CACHE}, else {@code $XDG_CACHE_HOME/zklab}, else
 * {@code ~/.cache/zklab} — the same rule as {@code localkube/lib/common.sh}.
 */
public final class ZklabCache {

    private ZklabCache() {}

    public static Path directory() {
        String cache = System.getenv("ZKLAB_CACHE");
        if (cache != null && !cache.isBlank()) {
            return Path.of(cache);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        return Path.of(xdg != null && !xdg.isBlank() ? xdg : System.getProperty("user.home") + "/.cache", "zklab");
    }
}
