package io.assay.core.table;

import java.util.Arrays;
import java.util.Objects;

/**
 * A numeric column ({@link ColumnType#INTEGER} or {@link ColumnType#DECIMAL}); missing values are stored as NaN.
 * Integers are exact up to 2^53, which is why ingest types longer digit strings as text.
 */
public final class NumberColumn implements Column {

    private final String name;
    private final ColumnType type;
    private final double[] values;

    private NumberColumn(String name, ColumnType type, double[] values) {
        this.name = Objects.requireNonNull(name, "name");
        if (!type.isNumeric()) {
            throw new IllegalArgumentException("a number column is integer or decimal, not " + type.label());
        }
        this.type = type;
        this.values = values;
    }

    /** A decimal column; {@code NaN} marks a missing value. The array is copied. */
    public static NumberColumn ofDecimal(String name, double... values) {
        return new NumberColumn(name, ColumnType.DECIMAL, values.clone());
    }

    /** An integer column; {@code NaN} marks a missing value, other values must be whole. The array is copied. */
    public static NumberColumn ofInteger(String name, double... values) {
        for (double v : values) {
            if (!Double.isNaN(v) && v != Math.rint(v)) {
                throw new IllegalArgumentException("integer column '" + name + "' holds " + v);
            }
        }
        return new NumberColumn(name, ColumnType.INTEGER, values.clone());
    }

    /** Takes ownership of {@code values}; for builders in this package and for ingest. */
    static NumberColumn wrap(String name, ColumnType type, double[] values) {
        return new NumberColumn(name, type, values);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ColumnType type() {
        return type;
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public boolean isMissing(int row) {
        return Double.isNaN(values[row]);
    }

    /** The number at {@code row}; NaN when missing. */
    public double get(int row) {
        return values[row];
    }

    @Override
    public Object value(int row) {
        double v = values[row];
        if (Double.isNaN(v)) {
            return null;
        }
        return type == ColumnType.INTEGER ? (Object) (long) v : (Object) v;
    }

    @Override
    public String text(int row) {
        double v = values[row];
        if (Double.isNaN(v)) {
            return "";
        }
        if (type == ColumnType.INTEGER || (v == Math.rint(v) && Math.abs(v) < 1e15)) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** A copy of all values, NaN where missing. */
    public double[] toArray() {
        return values.clone();
    }

    @Override
    public NumberColumn withName(String newName) {
        return new NumberColumn(newName, type, values);
    }

    @Override
    public NumberColumn select(int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return new NumberColumn(name, type, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NumberColumn c && c.name.equals(name) && c.type == type && Arrays.equals(c.values, values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return "NumberColumn[" + name + ", " + type.label() + ", " + values.length + " rows]";
    }
}
