package io.assay.server.security;

import com.fasterxml.jackson.annotation.JsonValue;
import io.assay.core.error.InvalidOptionException;
import java.util.Locale;

/** What an API key may do: read (viewer), also create and change (analyst), also manage keys (admin). */
public enum Role {
    VIEWER,
    ANALYST,
    ADMIN;

    public String authority() {
        return "ROLE_" + name();
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidOptionException("role", s, "use admin, analyst or viewer");
        }
    }
}
