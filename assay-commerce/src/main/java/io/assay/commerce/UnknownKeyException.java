package io.assay.commerce;

import io.assay.core.error.AssayException;

/** A customer or item id asked for (recommend for, similar to) that the order data or the model does not know. */
public final class UnknownKeyException extends AssayException {

    private final String what;
    private final String key;

    public UnknownKeyException(String what, String key, String hint) {
        super("unknown " + what + " '" + key + "'" + (hint.isEmpty() ? "" : ": " + hint));
        this.what = what;
        this.key = key;
    }

    /** {@code customer} or {@code item}. */
    public String what() {
        return what;
    }

    public String key() {
        return key;
    }

    @Override
    public String code() {
        return "unknown-" + what;
    }

    @Override
    public Kind kind() {
        return Kind.NOT_FOUND;
    }
}
