package io.assay.core.error;

/**
 * Root of every error Assay reports to a user. Each subclass carries the facts of the failure as fields and a
 * one-line message a person can act on; {@link #kind()} tells the CLI (exit code) and the server (HTTP status)
 * how to present it, and {@link #code()} is a stable slug for scripts and problem+json {@code type} URIs.
 */
public abstract class AssayException extends RuntimeException {

    /** How an error is presented: the user's fault, a missing thing, a conflicting state, or ours. */
    public enum Kind {
        BAD_INPUT,
        NOT_FOUND,
        CONFLICT,
        INTERNAL
    }

    protected AssayException(String message) {
        super(message);
    }

    protected AssayException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Stable, lower-case, hyphenated identifier of this kind of error, e.g. {@code invalid-file}. */
    public abstract String code();

    public Kind kind() {
        return Kind.BAD_INPUT;
    }
}
