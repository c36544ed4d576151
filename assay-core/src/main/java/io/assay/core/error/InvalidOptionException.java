package io.assay.core.error;

/** An option, parameter or hyperparameter with a value that cannot be used; the message names both. */
public final class InvalidOptionException extends AssayException {

    private final String option;
    private final String value;

    public InvalidOptionException(String option, Object value, String reason) {
        super("invalid " + option + " '" + value + "': " + reason);
        this.option = option;
        this.value = String.valueOf(value);
    }

    public String option() {
        return option;
    }

    public String value() {
        return value;
    }

    @Override
    public String code() {
        return "invalid-option";
    }
}
