package io.assay.core.table;

import java.util.Arrays;
import java.util.Objects;

/** A two-valued column with missing values. */
public final class BooleanColumn implements Column {

    static final byte MISSING = -1;

    private final String name;
    private final byte[] values; // 0 false, 1 true, -1 missing

    private BooleanColumn(String name, byte[] values) {
        this.name = Objects.requireNonNull(name, "name");
        this.values = values;
    }

    /** A column from boxed values; {@code null} is missing. */
    public static BooleanColumn of(String name, Boolean... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = values[i] == null ? MISSING : (byte) (values[i] ? 1 : 0);
        }
        return new BooleanColumn(name, b);
    }

    static BooleanColumn wrap(String name, byte[] values) {
        return new BooleanColumn(name, values);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ColumnType type() {
        return ColumnType.BOOLEAN;
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public boolean isMissing(int row) {
        return values[row] == MISSING;
    }

    /** True when the value at {@code row} is present and true. */
    public boolean isTrue(int row) {
        return values[row] == 1;
    }

    @Override
    public Object value(int row) {
        return values[row] == MISSING ? null : values[row] == 1;
    }

    @Override
    public BooleanColumn withName(String newName) {
        return new BooleanColumn(newName, values);
    }

    @Override
    public BooleanColumn select(int[] rows) {
        byte[] out = new byte[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return new BooleanColumn(name, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BooleanColumn c && c.name.equals(name) && Arrays.equals(c.values, values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return "BooleanColumn[" + name + ", " + values.length + " rows]";
    }
}
