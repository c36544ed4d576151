package io.assay.core.table;

import java.time.LocalTime;
import java.util.Arrays;
import java.util.Objects;

/** A column of times of day, stored as microseconds since midnight. */
public final class TimeColumn implements Column {

    static final long MISSING = Long.MIN_VALUE;

    private final String name;
    private final long[] micros;

    private TimeColumn(String name, long[] micros) {
        this.name = Objects.requireNonNull(name, "name");
        this.micros = micros;
    }

    static TimeColumn wrap(String name, long[] micros) {
        return new TimeColumn(name, micros);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ColumnType type() {
        return ColumnType.TIME;
    }

    @Override
    public int size() {
        return micros.length;
    }

    @Override
    public boolean isMissing(int row) {
        return micros[row] == MISSING;
    }

    /** Microseconds since midnight; undefined when missing. */
    public long microsOfDay(int row) {
        return micros[row];
    }

    @Override
    public LocalTime value(int row) {
        return isMissing(row) ? null : LocalTime.ofNanoOfDay(micros[row] * 1000);
    }

    @Override
    public String text(int row) {
        LocalTime v = value(row);
        if (v == null) {
            return "";
        }
        return v.getNano() == 0
                ? String.format("%02d:%02d:%02d", v.getHour(), v.getMinute(), v.getSecond())
                : v.toString();
    }

    @Override
    public TimeColumn withName(String newName) {
        return new TimeColumn(newName, micros);
    }

    @Override
    public TimeColumn select(int[] rows) {
        long[] out = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = micros[rows[i]];
        }
        return new TimeColumn(name, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimeColumn c && c.name.equals(name) && Arrays.equals(c.micros, micros);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(micros));
    }

    @Override
    public String toString() {
        return "TimeColumn[" + name + ", " + micros.length + " rows]";
    }
}
