package io.assay.core.sql;

/** Quoting for SQL text that Assay builds itself; user-written expressions go through {@link SafeExpression}. */
public final class Sql {

    private Sql() {}

    /** A double-quoted identifier: any column name, including ones with quotes, spaces or keywords. */
    public static String id(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** A single-quoted string literal. */
    public static String str(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** A list literal of string literals, e.g. {@code ['a', 'b']}. */
    public static String strList(java.util.Collection<String> values) {
        return values.stream().map(Sql::str).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    /** A column's values as text the way its file wrote them: flags in their own words (Yes/No, not true/false). */
    public static String asWritten(io.assay.core.table.Field field) {
        String c = id(field.name());
        java.util.List<String> words = field.flagWords();
        return words == null
                ? "CAST(" + c + " AS VARCHAR)"
                : "CASE WHEN " + c + " THEN " + str(words.get(0)) + " WHEN NOT " + c + " THEN " + str(words.get(1))
                        + " END";
    }
}
