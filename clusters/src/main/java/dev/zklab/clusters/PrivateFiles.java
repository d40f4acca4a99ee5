package dev.zklab.clusters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files that hold credentials (kubeconfigs): zklab writes them readable by its own user only, and refuses to
 * read one that other users can read or change — what they could read, they could use.
 */
public final class PrivateFiles {

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private PrivateFiles() {
    }

    /** Fails, saying how to fix it, when group or others may read or write {@code file}. */
    public static void requirePrivate(Path file, String what) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the permissions of " + what + " " + file, e);
        } catch (UnsupportedOperationException e) {
            return;
        }
        if (permissions.stream().anyMatch(OTHERS::contains)) {
            throw new InsecureFileException(what + " " + file + " may be read or changed by other users ("
                    + PosixFilePermissions.toString(permissions) + ") and holds credentials; make it yours alone: chmod 600 " + file);
        }
    }

    /** A credentials file that other users may read or change. */
    public static final class InsecureFileException extends IllegalStateException {
        InsecureFileException(String message) {
            super(message);
        }
    }
}
