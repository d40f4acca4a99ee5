package dev.zklab.members;

/**
 * An open way to one port of one member: connect to {@code host:port} while it is open.
 *
 * @param member the pod it leads to, for messages
 */
public record Route(String member, String host, int port, AutoCloseable resource) implements AutoCloseable {

    public static Route direct(String member, String host, int port) {
        return new Route(member, host, port, () -> {});
    }

    public String address() {
        return host + ":" + port;
    }

    @Override
    public void close() {
        try {
            resource.close();
        } catch (Exception e) {
            // A route that cannot be closed cleanly is gone either way; nothing to undo.
        }
    }
}
