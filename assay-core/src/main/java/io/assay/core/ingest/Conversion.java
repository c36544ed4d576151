package io.assay.core.ingest;

import io.assay.core.sql.Sql;

/**
 * How the text of a cell becomes a typed value, as DuckDB SQL over the trimmed text {@code v}. Every conversion
 * yields NULL for a missing token; a non-missing value that yields NULL is a value that does not fit its type and is
 * reported as a row issue.
 */
enum Conversion {
    STRING,
    NUMBER,
    CURRENCY,
    PERCENT,
    DECIMAL_COMMA,
    BOOLEAN,
    DATE_FORMAT,
    TIMESTAMP_ISO,
    TIMESTAMP_FORMAT,
    TIME_ISO,
    TIME_FORMAT,
    /** The source already has the right type (Parquet, JSON, Excel numbers converted by DuckDB). */
    NATIVE,
    /** Nested values (structs, lists) written as JSON text. */
    NESTED_JSON;

    static final String GROUPED_NUMBER = "^[+-]?[1-9][0-9]{0,2}(,[0-9]{3})+(\\.[0-9]+)?$";
    static final String CURRENCY_SYMBOLS = "$€£¥₹";

    /** Missing-value tokens, compared case-insensitively (pandas' defaults plus dashes). */
    static final java.util.List<String> MISSING_TOKENS = java.util.List.of(
            "na", "n/a", "nan", "-nan", "null", "none", "<na>", "#n/a", "#n/a n/a", "#na", "-", "--", "nil");

    /** The missing tokens in the casings files use (na, NA, Na, NaN), for readers that take a list. */
    static java.util.List<String> missingVariants() {
        var out = new java.util.LinkedHashSet<String>();
        out.add("");
        for (String t : MISSING_TOKENS) {
            out.add(t);
            out.add(t.toUpperCase(java.util.Locale.ROOT));
            out.add(Character.toUpperCase(t.charAt(0)) + t.substring(1));
        }
        out.add("NaN");
        return java.util.List.copyOf(out);
    }

    /**
     * One case-insensitive regular expression for "missing": blank, or a missing token with blanks around it. (A
     * regular expression, because DuckDB rewrites long {@code IN} lists into joins that cost more than the scan.)
     */
    private static final String MISSING_PATTERN = Sql.str("(?i)\\s*(" + String.join("|", MISSING_TOKENS) + ")?\\s*");

    /**
     * The empty string and the missing tokens files really use. Rarer spellings are caught in typed columns, where they
     * fail to convert.
     */
    private static final java.util.List<String> COMMON_MISSING =
            java.util.List.of("", "NA", "N/A", "n/a", "na", "NULL", "null", "None", "NaN", "nan", "-", "--", "#N/A");

    /**
     * {@code v} equals one of the common missing tokens, as a chain of equalities: DuckDB rewrites an {@code IN} list
     * of five or more constants into a join, which is slower and loses the file's row order.
     */
    private static String isCommonMissing(String v) {
        return COMMON_MISSING.stream()
                .map(t -> v + " = " + Sql.str(t))
                .collect(java.util.stream.Collectors.joining(" OR ", "(", ")"));
    }

    /** True when the raw text {@code v} is NULL, blank or a missing token. */
    static String missing(String v) {
        return "(" + v + " IS NULL OR regexp_full_match(" + v + ", " + MISSING_PATTERN + "))";
    }

    /**
     * SQL that converts the raw text {@code v}; {@code format} is a strptime format where one applies. Missing tokens
     * and values that do not fit yield NULL; surrounding blanks are tolerated (tried again trimmed, only for values
     * that did not convert as they are, so clean data pays nothing).
     */
    String sql(String v, String format) {
        if (this == STRING) {
            return "CASE WHEN " + isCommonMissing(v) + " THEN NULL ELSE " + v + " END";
        }
        String trimmed = "trim(" + v + ")";
        return "coalesce(" + typed(v, format) + ", " + typed(trimmed, format) + ")";
    }

    private String typed(String v, String format) {
        return switch (this) {
            case STRING -> v;
            case NUMBER ->
                "coalesce(nullif(try_cast(" + v + " AS DOUBLE), 'NaN'::DOUBLE), try_cast(CASE WHEN regexp_full_match("
                        + v + ", " + Sql.str(GROUPED_NUMBER) + ") THEN replace(" + v + ", ',', '') END AS DOUBLE))";
            case CURRENCY ->
                "(CASE WHEN " + v + " LIKE '(%)' OR " + v + " LIKE '%-%' THEN -1 ELSE 1 END)"
                        + " * try_cast(regexp_replace(" + v + ", '[()$€£¥₹,\\s+-]', '', 'g') AS DOUBLE)";
            case PERCENT -> "try_cast(regexp_replace(" + v + ", '[%,\\s]', '', 'g') AS DOUBLE) / 100";
            case DECIMAL_COMMA -> "try_cast(replace(replace(" + v + ", '.', ''), ',', '.') AS DOUBLE)";
            case BOOLEAN ->
                // four constants per list: five or more become a join that loses row order (see isCommonMissing)
                "CASE WHEN lower(" + v + ") IN ('true', 'yes', 'y', 't') THEN true WHEN lower(" + v
                        + ") IN ('false', 'no', 'n', 'f') THEN false END";
            case DATE_FORMAT -> "CAST(try_strptime(" + v + ", " + Sql.str(format) + ") AS DATE)";
            case TIMESTAMP_ISO -> "try_cast(" + v + " AS TIMESTAMP)";
            case TIMESTAMP_FORMAT -> "CAST(try_strptime(" + v + ", " + Sql.str(format) + ") AS TIMESTAMP)";
            case TIME_ISO -> "try_cast(" + v + " AS TIME)";
            case TIME_FORMAT -> "CAST(try_strptime(" + v + ", " + Sql.str(format) + ") AS TIME)";
            case NATIVE, NESTED_JSON -> throw new IllegalStateException(this + " does not convert text");
        };
    }
}
