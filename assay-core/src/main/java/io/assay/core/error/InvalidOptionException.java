package io.assay.core.error;

/** An option, parameter or hyperparameter with a value that cannot be used; the message names both. */
public final class InvalidOptionException extends AssayException {

    private final String option;
    private final String value;

    public InvalidOptionException(String option, Object value, String reason) {
        super("invalid " + option + " '" + shown(value) + "': " + reason);
        this.option = option;
        this.value = shown(value);
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

    /** A value as the user would have typed it: a whole number without {@code .0} ({@code 2}, not {@code 2.0}). */
    private static String shown(Object value) {
        if (value instanceof Double d && Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(value);
    }
}
