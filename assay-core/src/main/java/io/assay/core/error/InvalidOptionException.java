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

    /** Longest value echoed whole; a longer one (a pasted file, a 5,000-character name) is cut, with its length. */
    static final int MAX_SHOWN = 120;

    /** A value as the user would have typed it: a whole number without {@code .0} ({@code 2}, not {@code 2.0}). */
    private static String shown(Object value) {
        if (value instanceof Double d && Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        // text as typed is cut; a file's path stays whole (the service shows only its file name, which is at its end)
        return value instanceof CharSequence text ? typed(text.toString()) : String.valueOf(value);
    }

    /**
     * Typed text as an error message echoes it: whole up to {@link #MAX_SHOWN} characters, else its start and its
     * length, so that the one-line error stays one readable line. For every message that quotes what a user sent.
     */
    public static String typed(String text) {
        return text.length() <= MAX_SHOWN
                ? text
                : text.substring(0, MAX_SHOWN) + "… (" + String.format(java.util.Locale.ROOT, "%,d", text.length())
                        + " characters)";
    }
}
