package dev.zklab.members;

import dev.zklab.support.kubernetes.EnsembleNames;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;

/**
 * ZooKeeper's super user: the only user allowed to reconfigure an ensemble without {@code skipACL}.
 * The password lives in the ensemble's Secret, never in events.
 */
public record SuperUser(String password) {

    /** The {@code digest} auth scheme's credentials. */
    public byte[] authBytes() {
        return (EnsembleNames.SUPER_USER + ":" + password).getBytes(StandardCharsets.UTF_8);
    }

    /** The value of {@code zookeeper.DigestAuthenticationProvider.superDigest} that admits this user. */
    public String digest() {
        try {
            return DigestAuthenticationProvider.generateDigest(EnsembleNames.SUPER_USER + ":" + password);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA1, which ZooKeeper's digest scheme needs", e);
        }
    }

    @Override
    public String toString() {
        return "SuperUser[password=***]";
    }
}
