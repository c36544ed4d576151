package io.assay.core.error;

/** A failure that is Assay's fault or the machine's (I/O, native library), never the user's input. */
public final class InternalException extends AssayException {

    public InternalException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "internal";
    }

    @Override
    public Kind kind() {
        return Kind.INTERNAL;
    }
}
