package dev.zklab.security;

import dev.zklab.support.security.TokenFile;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Refuses to start a service that no one could call — one with neither a tokens file nor a JWT key — and one whose
 * tokens file is unusable (readable by others, malformed), saying which setting to fix; logs how callers sign in.
 */
@ApplicationScoped
public class SignInCheck {

    /** Where SmallRye JWT finds the key or JWKS that JWTs are verified with; any one is enough. */
    static final List<String> JWT_KEYS =
            List.of("mp.jwt.verify.publickey.location", "mp.jwt.verify.publickey", "smallrye.jwt.verify.key.location");

    private static final Logger LOG = Logger.getLogger(SignInCheck.class);

    void onStart(@Observes StartupEvent start, SecurityConfig security, Config config) {
        Optional<String> jwtKey = JWT_KEYS.stream()
                .flatMap(key ->
                        config.getOptionalValue(key, String.class).stream().map(value -> key))
                .findFirst();
        if (security.tokensFile().isEmpty() && jwtKey.isEmpty()) {
            throw new IllegalStateException(
                    "no one could call this service: set ZKLAB_SECURITY_TOKENS_FILE (zklab API tokens;"
                            + " zklab tokens add makes the file) or MP_JWT_VERIFY_PUBLICKEY_LOCATION (JWTs from your identity provider),"
                            + " or both");
        }
        String tokens = security.tokensFile()
                .map(file -> "API tokens of " + TokenFile.read(file).holders().size() + " holder(s) in " + file)
                .orElse(null);
        String jwts = jwtKey.map(key -> "JWTs verified with " + key).orElse(null);
        LOG.infof(
                "callers sign in with %s",
                String.join(
                        " or ", Stream.of(tokens, jwts).filter(s -> s != null).toList()));
    }
}
