package io.assay.core.table;

import java.util.Arrays;
import java.util.Objects;

/** A column of free or mostly unique text; {@code null} is missing. */
public final class TextColumn implements Column {

    private final String name;
    private final String[] values;

    private TextColumn(String name, String[] values) {
        this.name = Objects.requireNonNull(name, "name");
        this.values = values;
    }

    public static TextColumn of(String name, String... values) {
        return new TextColumn(name, values.clone());
    }

    static TextColumn wrap(String name, String[] values) {
        return new TextColumn(name, values);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ColumnType type() {
        return ColumnType.TEXT;
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public boolean isMissing(int row) {
        return values[row] == null;
    }

    @Override
    public String value(int row) {
        return values[row];
    }

    @Override
    public TextColumn withName(String newName) {
        return new TextColumn(newName, values);
    }

    @Override
    public TextColumn select(int[] rows) {
        String[] out = new String[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return new TextColumn(name, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TextColumn c && c.name.equals(name) && Arrays.equals(c.values, values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return "TextColumn[" + name + ", " + values.length + " rows]";
    }
}
