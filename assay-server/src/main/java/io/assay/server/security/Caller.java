package io.assay.server.security;

import io.assay.server.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is calling: the owner whose datasets, analyses and models the call sees (everything else is invisible), the
 * key used, and its role.
 *
 * @param owner the user id that owns what this caller creates and sees
 * @param keyId the API key's id (rate limits count per key)
 */
public record Caller(String owner, String keyId, Role role) {

    /** The owner of everything made without authentication ({@code --no-auth}, loopback only). */
    public static final String LOCAL_OWNER = "local";

    /** The caller of every request when authentication is off: the local administrator. */
    public static final Caller LOCAL = new Caller(LOCAL_OWNER, LOCAL_OWNER, Role.ADMIN);

    /** The caller of the current request. */
    public static Caller current() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        if (a != null && a.getPrincipal() instanceof Caller c) {
            return c;
        }
        throw new ApiException(HttpStatus.UNAUTHORIZED, "unauthenticated", "an API key is required");
    }
}
