package io.assay.core.error;

import java.util.List;

/** A column named by the user (feature, target, override, mapping) that the table does not have. */
public final class ColumnNotFoundException extends AssayException {

    private final String column;
    private final List<String> available;

    public ColumnNotFoundException(String column, List<String> available) {
        super("no column '" + column + "'" + suggestion(column, available) + "; the table has: " + preview(available));
        this.column = column;
        this.available = List.copyOf(available);
    }

    /** A column that differs only in case or surrounding spaces, the usual slip. */
    private static String suggestion(String column, List<String> names) {
        String wanted = column == null ? "" : column.strip();
        return names.stream()
                .filter(n -> n.strip().equalsIgnoreCase(wanted) && !n.equals(column))
                .findFirst()
                .map(n -> " (did you mean '" + n + "'?)")
                .orElse("");
    }

    private static String preview(List<String> names) {
        if (names.size() <= 12) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, 12)) + " … (" + names.size() + " columns)";
    }

    public String column() {
        return column;
    }

    public List<String> available() {
        return available;
    }

    @Override
    public String code() {
        return "column-not-found";
    }
}
