package dev.zklab.cli.client;

/** A zklab service that could not be reached (refused, unknown host, timed out) or did not answer as one. */
public class UnreachableException extends RuntimeException {

    private final Endpoint endpoint;

    public UnreachableException(Endpoint endpoint, Throwable cause) {
        super("cannot reach " + endpoint.service() + " at " + endpoint.uri() + ": " + rootMessage(cause), cause);
        this.endpoint = endpoint;
    }

    /** What to do: start zklab, or say where the service is. */
    public String hint() {
        return "start zklab with ./zklab up, or give its address: " + endpoint.option() + " URL or ZKLAB_"
                + endpoint.option().substring(2).toUpperCase(java.util.Locale.ROOT);
    }

    private static String rootMessage(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
