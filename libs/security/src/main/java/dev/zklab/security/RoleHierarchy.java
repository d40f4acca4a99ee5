package dev.zklab.security;

import dev.zklab.contracts.security.Roles;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Gives every identity the roles its own include (an admin is an operator and a viewer too), whether the role came
 * from the tokens file or a JWT's {@code groups}, so each endpoint names the least role it needs.
 */
@ApplicationScoped
public class RoleHierarchy implements SecurityIdentityAugmentor {

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        Set<String> included = identity.getRoles().stream()
                .flatMap(role -> Roles.included(role).stream())
                .filter(role -> !identity.getRoles().contains(role))
                .collect(Collectors.toSet());
        if (identity.isAnonymous() || included.isEmpty()) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom()
                .item(QuarkusSecurityIdentity.builder(identity)
                        .addRoles(included)
                        .build());
    }
}
