package dev.zklab.provisioner.storage;

/** The storage a run needs cannot be had; the message says what to fix. */
public class StorageException extends RuntimeException {
    public StorageException(String message) {
        super(message);
    }
}
