package io.assay.core.table;

/**
 * One immutable, typed column of a {@link Table}. Missing values are first-class: {@link #isMissing(int)} tells,
 * {@link #value(int)} returns {@code null} for them.
 */
public sealed interface Column
        permits NumberColumn, BooleanColumn, CategoricalColumn, TextColumn, DateColumn, TimestampColumn, TimeColumn {

    String name();

    ColumnType type();

    int size();

    boolean isMissing(int row);

    /**
     * The value at {@code row} as a plain Java object ({@code Long} for integers, {@code Double}, {@code Boolean},
     * {@code String}, {@code LocalDate}, {@code LocalDateTime}, {@code LocalTime}), or {@code null} when missing.
     */
    Object value(int row);

    /** The value as a person would write it in a CSV cell; empty when missing. */
    default String text(int row) {
        Object v = value(row);
        return v == null ? "" : v.toString();
    }

    /** The same values under another name. */
    Column withName(String name);

    /** A new column holding the values at {@code rows}, in that order. */
    Column select(int[] rows);

    default int missingCount() {
        int n = 0;
        for (int i = 0; i < size(); i++) {
            if (isMissing(i)) {
                n++;
            }
        }
        return n;
    }

    default Field field() {
        return new Field(name(), type());
    }
}
