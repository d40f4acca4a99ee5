package dev.zklab.security;

import dev.zklab.support.security.TokenFile;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Duration;
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

    /** How long the file's last look stands: a change (a token added or removed, a chmod) is seen within this. */
    static final Duration RECHECK = Duration.ofSeconds(1);

    private final Optional<Path> file;
    private final long recheckNanos;
    private volatile Loaded loaded;

    /** The file as last read, what it looked like then (a change of any of these reads it again), and when it was looked at. */
    private record Loaded(Object modified, long size, Object permissions, TokenFile tokens, long checkedAt) {}

    @Inject
    public ApiTokenIdentityProvider(SecurityConfig config) {
        this(config, RECHECK);
    }

    ApiTokenIdentityProvider(SecurityConfig config, Duration recheck) {
        this.file = config.tokensFile();
        this.recheckNanos = recheck.toNanos();
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
    public Uni<SecurityIdentity> authenticate(
            TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String token = request.getToken().getToken();
        if (token == null || !token.startsWith(TokenFile.TOKEN_PREFIX)) {
            return Uni.createFrom().nullItem();
        }
        Loaded current = loaded;
        if (current != null && System.nanoTime() - current.checkedAt() < recheckNanos) {
            // Looked at within the last second: no file system call, so no hop off the event loop.
            return Uni.createFrom().item(() -> identity(current.tokens(), token, request));
        }
        return context.runBlocking(() -> identity(tokens(), token, request));
    }

    private static SecurityIdentity identity(TokenFile tokens, String token, TokenAuthenticationRequest request) {
        TokenFile.Holder holder = tokens.holderOf(token)
                .orElseThrow(() -> new AuthenticationFailedException("an API token that is not in the tokens file"));
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(holder.user()))
                .addRole(holder.role())
                .addCredential(request.getToken())
                .build();
    }

    /** The tokens file, read again when it changed since the last request; refuses every token while it is unusable. */
    private synchronized TokenFile tokens() {
        Path path = file.orElseThrow(() -> new AuthenticationFailedException(
                "an API token, but this service has no tokens" + " file (zklab.security.tokens-file)"));
        try {
            PosixFileAttributes now = Files.readAttributes(path, PosixFileAttributes.class);
            Loaded last = loaded;
            TokenFile tokens = last != null
                            && Objects.equals(last.modified(), now.lastModifiedTime())
                            && last.size() == now.size()
                            && Objects.equals(last.permissions(), now.permissions())
                    ? last.tokens()
                    : TokenFile.read(path);
            loaded = new Loaded(now.lastModifiedTime(), now.size(), now.permissions(), tokens, System.nanoTime());
            return tokens;
        } catch (IOException | RuntimeException e) {
            loaded = null;
            LOG.errorf("refusing every API token: %s", e.getMessage());
            throw new AuthenticationFailedException("the tokens file cannot be used", e);
        }
    }
}
