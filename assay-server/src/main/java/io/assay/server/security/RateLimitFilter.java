package io.assay.server.security;

import io.assay.server.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies {@link RateLimits} after authentication: per key when a key was given, else per client address. Reads and
 * predictions count against the read bucket; every other request against the work buckets, and uploads also against
 * the upload bucket. Over the limit: 429 problem+json with {@code Retry-After}. Health, docs and
 * the dashboard are not limited.
 */
final class RateLimitFilter extends OncePerRequestFilter {

    private static final Set<String> UPLOADS = Set.of(
            "/api/v1/datasets",
            "/api/v1/datasets/from-url",
            "/api/v1/datasets/generate",
            "/api/upload",
            "/datasets/upload");

    private final RateLimits limits;
    private final Problems problems;

    RateLimitFilter(RateLimits limits, Problems problems) {
        this.limits = limits;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !limits.enabled()
                || path.equals("/health")
                || path.startsWith("/actuator/health")
                || path.startsWith("/v3/api-docs")
                || path.startsWith("/swagger-ui")
                || path.equals("/")
                || path.equals("/index.html")
                || path.equals("/favicon.ico");
    }

    /** Whether a request only reads, or predicts rows (a prediction service answers many of them). */
    static boolean reads(String method, String path) {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS" -> true;
            case "POST" -> path.equals("/predict") || path.startsWith("/api/v1/models/") && path.endsWith("/predict");
            default -> false;
        };
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var auth = SecurityContextHolder.getContext().getAuthentication();
        String client = auth != null && auth.getPrincipal() instanceof Caller c && !c.equals(Caller.LOCAL)
                ? "key:" + c.keyId()
                : "ip:" + request.getRemoteAddr();
        String path = request.getRequestURI();
        var verdict = reads(request.getMethod(), path) ? limits.read(client) : limits.work(client);
        if (verdict.allowed() && "POST".equals(request.getMethod()) && UPLOADS.contains(path)) {
            verdict = limits.upload(client);
        }
        if (!verdict.allowed()) {
            response.setHeader("Retry-After", Long.toString(verdict.retryAfterSeconds()));
            problems.write(
                    problems.problem(
                            HttpStatus.TOO_MANY_REQUESTS,
                            "rate-limited",
                            "too many requests; retry in " + verdict.retryAfterSeconds() + " s",
                            request),
                    response);
            return;
        }
        response.setHeader("X-RateLimit-Remaining", Long.toString(verdict.remaining()));
        chain.doFilter(request, response);
    }
}
