package dev.zklab.security;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Optional;

/** How a service knows who may call it, besides the JWT settings ({@code mp.jwt.verify.*}) that SmallRye JWT reads. */
@ConfigMapping(prefix = "zklab.security")
public interface SecurityConfig {

    /**
     * The operator's file of zklab API tokens ({@code ZKLAB_SECURITY_TOKENS_FILE}): one line per token, its user,
     * role and SHA-256, never the token; {@code zklab tokens add} makes it, 0600. A change is seen within a second.
     */
    Optional<Path> tokensFile();
}
