package dev.zklab.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.zklab.support.security.TokenFile;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing in with API tokens (plain JUnit, a real tokens file): a holder's token gives their name and role; any other
 * token that looks like one is refused; a JWT is left to SmallRye JWT; the file is read again when it changes and
 * refused while others may read it. And the roles' hierarchy.
 */
class ApiTokenIdentityProviderTest {

    private static final AuthenticationRequestContext BLOCKING =
            supplier -> Uni.createFrom().item(supplier);

    @TempDir
    Path dir;

    @Test
    void aHoldersTokenSignsThemInWithTheirRoleAndNothingElseDoes() {
        Path file = dir.resolve("tokens");
        String alice = TokenFile.add(file, "alice", "operator");
        ApiTokenIdentityProvider provider = new ApiTokenIdentityProvider(() -> Optional.of(file), Duration.ZERO);

        SecurityIdentity identity = signIn(provider, alice);
        assertThat(identity.getPrincipal().getName()).isEqualTo("alice");
        assertThat(identity.getRoles()).containsExactly("operator");
        assertThatThrownBy(() -> signIn(provider, alice + "x")).isInstanceOf(AuthenticationFailedException.class);
        assertThat(signIn(provider, "eyJhbGciOiJSUzI1NiJ9.e30.c2ln"))
                .as("a JWT is SmallRye JWT's to check")
                .isNull();
    }

    @Test
    void theFileIsReadAgainWhenItChangesAndRefusedWhileOthersMayReadIt() throws Exception {
        Path file = dir.resolve("tokens");
        String alice = TokenFile.add(file, "alice", "viewer");
        ApiTokenIdentityProvider provider = new ApiTokenIdentityProvider(() -> Optional.of(file), Duration.ZERO);
        assertThat(signIn(provider, alice)).isNotNull();

        String bob = TokenFile.add(file, "bob", "admin");
        assertThat(signIn(provider, bob).getRoles()).containsExactly("admin");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> signIn(provider, alice)).isInstanceOf(AuthenticationFailedException.class);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(signIn(provider, alice)).isNotNull();

        TokenFile.remove(file, "alice");
        assertThatThrownBy(() -> signIn(provider, alice)).isInstanceOf(AuthenticationFailedException.class);
        assertThat(signIn(provider, bob)).isNotNull();
    }

    @Test
    void betweenLooksAtTheFileTheLastLookStandsAndAChangeIsSeenAtTheNext() {
        Path file = dir.resolve("tokens");
        String alice = TokenFile.add(file, "alice", "viewer");
        ApiTokenIdentityProvider provider =
                new ApiTokenIdentityProvider(() -> Optional.of(file), Duration.ofMillis(300));
        assertThat(signIn(provider, alice)).isNotNull();

        TokenFile.remove(file, "alice");

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThatThrownBy(() -> signIn(provider, alice))
                        .isInstanceOf(AuthenticationFailedException.class));
    }

    @Test
    void withoutATokensFileEveryApiTokenIsRefused() {
        ApiTokenIdentityProvider provider = new ApiTokenIdentityProvider(Optional::empty, Duration.ZERO);

        assertThatThrownBy(() -> signIn(provider, TokenFile.TOKEN_PREFIX + "anything"))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void eachRoleBringsTheOnesItIncludes() {
        SecurityIdentity admin = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal("a"))
                .addRole("admin")
                .build();
        SecurityIdentity auditor = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal("b"))
                .addRole("auditors")
                .build();

        assertThat(new RoleHierarchy()
                        .augment(admin, BLOCKING)
                        .await()
                        .indefinitely()
                        .getRoles())
                .containsExactlyInAnyOrder("admin", "operator", "viewer");
        assertThat(new RoleHierarchy()
                        .augment(auditor, BLOCKING)
                        .await()
                        .indefinitely()
                        .getRoles())
                .containsExactly("auditors");
    }

    private static SecurityIdentity signIn(ApiTokenIdentityProvider provider, String token) {
        return provider.authenticate(new TokenAuthenticationRequest(new TokenCredential(token, "bearer")), BLOCKING)
                .await()
                .indefinitely();
    }
}
