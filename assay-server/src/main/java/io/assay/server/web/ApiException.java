package io.assay.server.web;

import io.assay.core.error.AssayException;
import org.springframework.http.HttpStatus;

/**
 * An error that only exists at the HTTP edge (an upload too large or of the wrong content, a missing resource, too
 * many requests): it carries its own status and a stable code like every {@link AssayException}.
 */
public final class ApiException extends AssayException {

    private final HttpStatus status;
    private final String code;
    private final long retryAfterSeconds;

    public ApiException(HttpStatus status, String code, String message) {
        this(status, code, message, 0);
    }

    private ApiException(HttpStatus status, String code, String message, long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** A resource of {@code what} with {@code id} that does not exist, or that belongs to someone else. */
    public static ApiException notFound(String what, String id) {
        return new ApiException(HttpStatus.NOT_FOUND, what.replace(' ', '-') + "-not-found", "no " + what + " " + id);
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, code, message);
    }

    public static ApiException conflict(String code, String message) {
        return new ApiException(HttpStatus.CONFLICT, code, message);
    }

    /**
     * A conflict that resolves itself (a dataset still being read): the answer carries {@code Retry-After}, so a
     * client knows to poll rather than give up.
     */
    public static ApiException notYet(String code, String message, long retryAfterSeconds) {
        return new ApiException(HttpStatus.CONFLICT, code, message, retryAfterSeconds);
    }

    /** Seconds after which the same request may succeed; 0 when retrying would not help. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public HttpStatus status() {
        return status;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public Kind kind() {
        return switch (status) {
            case NOT_FOUND -> Kind.NOT_FOUND;
            case CONFLICT -> Kind.CONFLICT;
            case INTERNAL_SERVER_ERROR -> Kind.INTERNAL;
            default -> Kind.BAD_INPUT;
        };
    }
}
