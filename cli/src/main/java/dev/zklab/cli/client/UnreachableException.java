package dev.zklab.cli.client;

import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;

/** A zklab service that could not be reached (refused, unknown host, timed out) or did not answer as one. */
public class UnreachableException extends RuntimeException {

    private final Endpoint endpoint;

    public UnreachableException(Endpoint endpoint, Throwable cause) {
        super("cannot reach " + endpoint.service() + " at " + endpoint.uri() + ": " + rootMessage(cause), cause);
        this.endpoint = endpoint;
    }

    /** What to do: trust its certificate, start zklab, or say where the service is. */
    public String hint() {
        if (untrusted(getCause())) {
            return "its certificate is not one this machine trusts: set " + Trust.CA_CERT_ENV
                    + " to the PEM file of the certificate authority that signed it";
        }
        return "start zklab with ./zklab up, or give its address: " + endpoint.option() + " URL or ZKLAB_"
                + endpoint.option().substring(2).toUpperCase(java.util.Locale.ROOT);
    }

    private static boolean untrusted(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException || t instanceof CertificateException) {
                return true;
            }
        }
        return false;
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
