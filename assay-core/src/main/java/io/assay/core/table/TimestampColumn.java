package io.assay.core.table;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;

/** A column of dates with a time of day and no zone, stored as microseconds since 1970-01-01T00:00. */
public final class TimestampColumn implements Column {

    static final long MISSING = Long.MIN_VALUE;
    private static final LocalDateTime EPOCH = LocalDateTime.of(1970, 1, 1, 0, 0);
    private static final java.time.format.DateTimeFormatter TEXT =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final String name;
    private final long[] micros;

    private TimestampColumn(String name, long[] micros) {
        this.name = Objects.requireNonNull(name, "name");
        this.micros = micros;
    }

    static TimestampColumn wrap(String name, long[] micros) {
        return new TimestampColumn(name, micros);
    }

    static long toMicros(LocalDateTime t) {
        return ChronoUnit.MICROS.between(EPOCH, t);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ColumnType type() {
        return ColumnType.TIMESTAMP;
    }

    @Override
    public int size() {
        return micros.length;
    }

    @Override
    public boolean isMissing(int row) {
        return micros[row] == MISSING;
    }

    /** Microseconds since 1970-01-01T00:00; undefined when missing. */
    public long epochMicros(int row) {
        return micros[row];
    }

    @Override
    public LocalDateTime value(int row) {
        if (isMissing(row)) {
            return null;
        }
        long m = micros[row];
        return LocalDateTime.ofEpochSecond(
                Math.floorDiv(m, 1_000_000), Math.floorMod(m, 1_000_000) * 1000, ZoneOffset.UTC);
    }

    @Override
    public String text(int row) {
        LocalDateTime v = value(row);
        if (v == null) {
            return "";
        }
        return v.getNano() == 0 ? TEXT.format(v) : v.toString().replace('T', ' ');
    }

    @Override
    public TimestampColumn withName(String newName) {
        return new TimestampColumn(newName, micros);
    }

    @Override
    public TimestampColumn select(int[] rows) {
        long[] out = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = micros[rows[i]];
        }
        return new TimestampColumn(name, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimestampColumn c && c.name.equals(name) && Arrays.equals(c.micros, micros);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(micros));
    }

    @Override
    public String toString() {
        return "TimestampColumn[" + name + ", " + micros.length + " rows]";
    }
}
