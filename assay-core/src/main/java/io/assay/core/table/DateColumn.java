package io.assay.core.table;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;

/** A column of calendar dates, stored as days since 1970-01-01. */
public final class DateColumn implements Column {

    static final int MISSING = Integer.MIN_VALUE;

    private final String name;
    private final int[] epochDays;

    private DateColumn(String name, int[] epochDays) {
        this.name = Objects.requireNonNull(name, "name");
        this.epochDays = epochDays;
    }

    public static DateColumn of(String name, LocalDate... values) {
        int[] d = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            d[i] = values[i] == null ? MISSING : (int) values[i].toEpochDay();
        }
        return new DateColumn(name, d);
    }

    static DateColumn wrap(String name, int[] epochDays) {
        return new DateColumn(name, epochDays);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ColumnType type() {
        return ColumnType.DATE;
    }

    @Override
    public int size() {
        return epochDays.length;
    }

    @Override
    public boolean isMissing(int row) {
        return epochDays[row] == MISSING;
    }

    /** Days since 1970-01-01; undefined when missing. */
    public int epochDay(int row) {
        return epochDays[row];
    }

    @Override
    public LocalDate value(int row) {
        return isMissing(row) ? null : LocalDate.ofEpochDay(epochDays[row]);
    }

    @Override
    public DateColumn withName(String newName) {
        return new DateColumn(newName, epochDays);
    }

    @Override
    public DateColumn select(int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = epochDays[rows[i]];
        }
        return new DateColumn(name, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DateColumn c && c.name.equals(name) && Arrays.equals(c.epochDays, epochDays);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(epochDays));
    }

    @Override
    public String toString() {
        return "DateColumn[" + name + ", " + epochDays.length + " rows]";
    }
}
