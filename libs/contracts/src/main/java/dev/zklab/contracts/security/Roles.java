package dev.zklab.contracts.security;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Who may do what, the one place the roles are named: a {@value #VIEWER} reads runs, events and reports; an
 * {@value #OPERATOR} also starts and cancels runs; an {@value #ADMIN} also keeps clusters and forces drains. Each
 * role includes the ones before it.
 */
public final class Roles {

    public static final String VIEWER = "viewer";
    public static final String OPERATOR = "operator";
    public static final String ADMIN = "admin";
    /** From least to most allowed. */
    public static final List<String> ALL = List.of(VIEWER, OPERATOR, ADMIN);

    private Roles() {}

    /** {@code role} and every role it includes; empty for a name that is not a zklab role. */
    public static Set<String> included(String role) {
        int rank = ALL.indexOf(role);
        return rank < 0 ? Set.of() : Set.copyOf(ALL.subList(0, rank + 1));
    }

    /** The zklab role of that name, in any case. */
    public static Optional<String> parse(String name) {
        String role = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return ALL.contains(role) ? Optional.of(role) : Optional.empty();
    }
}
