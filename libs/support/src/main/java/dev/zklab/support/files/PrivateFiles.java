package dev.zklab.support.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files that hold credentials (kubeconfigs, API tokens and their hashes): zklab writes them readable by its own user
 * only, and refuses to read one that other users can read or change — what they could read, they could use.
 */
public final class PrivateFiles {

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE);

    private PrivateFiles() {}

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
                    + PosixFilePermissions.toString(permissions)
                    + ") and holds credentials; make it yours alone: chmod 600 " + file);
        }
    }

    /**
     * Writes {@code content} to {@code file}, readable and writable by this user only (its folder too when it is
     * made here), all at once: a reader sees the old content or the new, never half of it, and never a moment
     * where others could read it.
     */
    public static Path write(Path file, String content) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path tmp = Files.createTempFile(
                    dir,
                    file.getFileName().toString(),
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(tmp, content, StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** A credentials file that other users may read or change. */
    public static final class InsecureFileException extends IllegalStateException {
        InsecureFileException(String message) {
            super(message);
        }
    }
}
