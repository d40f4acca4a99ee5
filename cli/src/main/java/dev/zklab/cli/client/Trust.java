package dev.zklab.cli.client;

import dev.zklab.cli.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Optional;

/**
 * Which certificates the CLI trusts for a service served over HTTPS: the JVM's, or those in the PEM file that
 * {@code ZKLAB_CA_CERT} names (the certificate authority that signed the gateway's certificate, or the certificate
 * itself when it is self-signed).
 */
public final class Trust {

    public static final String CA_CERT_ENV = "ZKLAB_CA_CERT";

    private Trust() {}

    /** The trust store {@code ZKLAB_CA_CERT} gives; empty when it is not set (the JVM's certificates are trusted). */
    static Optional<KeyStore> fromEnvironment() {
        String file = System.getenv(CA_CERT_ENV);
        return file == null || file.isBlank() ? Optional.empty() : Optional.of(of(Path.of(file)));
    }

    /** A trust store of the certificates in a PEM file; a file that holds none is bad input, named. */
    static KeyStore of(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certificates =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new BadInputException(
                        CA_CERT_ENV + " '" + pem + "' holds no certificate; give the PEM file of the"
                                + " certificate authority that signed the gateway's certificate");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("zklab-ca-" + i++, certificate);
            }
            return store;
        } catch (IOException e) {
            throw new BadInputException(CA_CERT_ENV + " '" + pem + "' cannot be read (" + e.getMessage() + ")");
        } catch (GeneralSecurityException e) {
            throw new BadInputException(
                    CA_CERT_ENV + " '" + pem + "' is not a PEM certificate file (" + e.getMessage() + ")");
        }
    }
}
