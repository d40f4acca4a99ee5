package dev.zklab.security;

import dev.zklab.common.security.TokenFile;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Signs in the holders of zklab API tokens: a bearer token that starts with {@value TokenFile#TOKEN_PREFIX} is looked
 * up, by its hash, in the operator's tokens file; any other bearer token is left to SmallRye JWT.
 */
@ApplicationScoped
public class ApiTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private static final Logger LOG = Logger.getLogger(ApiTokenIdentityProvider.class);

    private final Optional<Path> file;
    private Loaded loaded;

    /** The file as last read, and what it looked like then: a change of any of these reads it again. */
    private record Loaded(Object modified, long size, Object permissions, TokenFile tokens) {
    }

    public ApiTokenIdentityProvider(SecurityConfig config) {
        this.file = config.tokensFile();
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /**
     * Before SmallRye JWT's provider (which has the default priority, 1001): it would refuse a token that is not a JWT
     * rather than pass it on.
     */
    @Override
    public int priority() {
        return IdentityProvider.super.priority() + 1;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String token = request.getToken().getToken();
        if (token == null || !token.startsWith(TokenFile.TOKEN_PREFIX)) {
            return Uni.createFrom().nullItem();
        }
        return context.runBlocking(() -> {
            TokenFile.Holder holder = tokens().holderOf(token).orElseThrow(() -> new AuthenticationFailedException(
                    "an API token that is not in the tokens file"));
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(holder.user()))
                    .addRole(holder.role())
                    .addCredential(request.getToken())
                    .build();
        });
    }

    /** The tokens file, read again when it changed since the last request; refuses every token while it is unusable. */
    private synchronized TokenFile tokens() {
        Path path = file.orElseThrow(() -> new AuthenticationFailedException("an API token, but this service has no tokens"
                + " file (zklab.security.tokens-file)"));
        try {
            PosixFileAttributes now = Files.readAttributes(path, PosixFileAttributes.class);
            if (loaded == null || !Objects.equals(loaded.modified(), now.lastModifiedTime()) || loaded.size() != now.size()
                    || !Objects.equals(loaded.permissions(), now.permissions())) {
                loaded = new Loaded(now.lastModifiedTime(), now.size(), now.permissions(), TokenFile.read(path));
            }
            return loaded.tokens();
        } catch (IOException | RuntimeException e) {
            loaded = null;
            LOG.errorf("refusing every API token: %s", e.getMessage());
            throw new AuthenticationFailedException("the tokens file cannot be used", e);
        }
    }
}
