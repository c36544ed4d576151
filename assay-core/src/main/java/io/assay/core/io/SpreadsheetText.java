package io.assay.core.io;

/**
 * Text that a spreadsheet shows as text and never evaluates: every CSV and XLSX file Assay writes passes its text cells
 * through {@link #inert}, so a value such as {@code =HYPERLINK(...)} that came from a user's file cannot become a
 * formula in the hands of the person who opens the result.
 */
public final class SpreadsheetText {

    private SpreadsheetText() {}

    /**
     * {@code value} with a leading apostrophe when it starts with {@code = + - @}, a tab or a carriage return and is
     * not a plain number (negative numbers stay as they are); otherwise {@code value} itself.
     */
    public static String inert(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        char first = value.charAt(0);
        boolean risky = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        return risky && !isNumber(value) ? "'" + value : value;
    }

    private static boolean isNumber(String v) {
        try {
            Double.parseDouble(v);
            return !v.endsWith("d") && !v.endsWith("D") && !v.endsWith("f") && !v.endsWith("F");
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
