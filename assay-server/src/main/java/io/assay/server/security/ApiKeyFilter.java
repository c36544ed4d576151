package io.assay.server.security;

import io.assay.server.config.ServerSettings;
import io.assay.server.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request by its API key ({@code Authorization: Bearer KEY} or {@code X-API-Key: KEY}). A request
 * without a key goes on anonymous (public routes serve it, the others answer 401); a wrong key is refused at once.
 * With authentication off ({@code --no-auth}, loopback only) every request is the local administrator.
 */
final class ApiKeyFilter extends OncePerRequestFilter {

    private final ApiKeys keys;
    private final ServerSettings settings;
    private final Problems problems;

    ApiKeyFilter(ApiKeys keys, ServerSettings settings, Problems problems) {
        this.keys = keys;
        this.settings = settings;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!settings.auth().enabled()) {
            authenticate(Caller.LOCAL);
            chain.doFilter(request, response);
            return;
        }
        String secret = presented(request);
        if (secret != null) {
            var caller = keys.authenticate(secret);
            if (caller.isEmpty()) {
                problems.write(
                        problems.problem(
                                HttpStatus.UNAUTHORIZED, "invalid-api-key", "the API key is not valid", request),
                        response);
                return;
            }
            authenticate(caller.get());
        }
        chain.doFilter(request, response);
    }

    private static void authenticate(Caller caller) {
        var token = new UsernamePasswordAuthenticationToken(
                caller, null, List.of(new SimpleGrantedAuthority(caller.role().authority())));
        SecurityContextHolder.getContext().setAuthentication(token);
    }

    static String presented(HttpServletRequest request) {
        String auth = request.getHeader("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        String header = request.getHeader("X-API-Key");
        return header == null || header.isBlank() ? null : header.trim();
    }
}
