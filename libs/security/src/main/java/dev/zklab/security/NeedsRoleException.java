package dev.zklab.security;

import dev.zklab.contracts.run.FieldError;
import java.util.List;

/** A request that asks for more than the caller's role allows, naming the role it needs and the fields that need it. */
public class NeedsRoleException extends RuntimeException {

    private final String role;
    private final List<FieldError> fields;

    public NeedsRoleException(String role, String what, List<FieldError> fields) {
        super(what + " needs the " + role + " role");
        this.role = role;
        this.fields = List.copyOf(fields);
    }

    public String role() {
        return role;
    }

    public List<FieldError> fields() {
        return fields;
    }
}
