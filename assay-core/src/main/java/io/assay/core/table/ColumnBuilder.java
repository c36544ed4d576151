package io.assay.core.table;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Appends values of one type and builds an immutable {@link Column}. Used by ingest and by anything that produces
 * a table (predictions, scores); each builder is used once, by one thread.
 */
public final class ColumnBuilder {

    private final String name;
    private final ColumnType type;
    private int size;
    private double[] numbers;
    private byte[] booleans;
    private int[] ints; // categorical codes or epoch days
    private long[] longs; // timestamp or time micros
    private String[] strings;
    private Map<String, Integer> levelIndex;
    private List<String> levels;

    public ColumnBuilder(String name, ColumnType type, int expectedRows) {
        this.name = name;
        this.type = type;
        int cap = Math.max(16, expectedRows);
        switch (type) {
            case INTEGER, DECIMAL -> numbers = new double[cap];
            case BOOLEAN -> booleans = new byte[cap];
            case CATEGORICAL -> {
                ints = new int[cap];
                levelIndex = new HashMap<>();
                levels = new ArrayList<>();
            }
            case TEXT -> strings = new String[cap];
            case DATE -> ints = new int[cap];
            case TIMESTAMP, TIME -> longs = new long[cap];
        }
    }

    public ColumnType type() {
        return type;
    }

    private void grow() {
        int cap = Math.max(16, size * 2);
        switch (type) {
            case INTEGER, DECIMAL -> numbers = Arrays.copyOf(numbers, cap);
            case BOOLEAN -> booleans = Arrays.copyOf(booleans, cap);
            case CATEGORICAL, DATE -> ints = Arrays.copyOf(ints, cap);
            case TEXT -> strings = Arrays.copyOf(strings, cap);
            case TIMESTAMP, TIME -> longs = Arrays.copyOf(longs, cap);
        }
    }

    private int slot() {
        int capacity = switch (type) {
            case INTEGER, DECIMAL -> numbers.length;
            case BOOLEAN -> booleans.length;
            case CATEGORICAL, DATE -> ints.length;
            case TEXT -> strings.length;
            case TIMESTAMP, TIME -> longs.length;
        };
        if (size == capacity) {
            grow();
        }
        return size++;
    }

    public ColumnBuilder addMissing() {
        int i = slot();
        switch (type) {
            case INTEGER, DECIMAL -> numbers[i] = Double.NaN;
            case BOOLEAN -> booleans[i] = BooleanColumn.MISSING;
            case CATEGORICAL -> ints[i] = -1;
            case DATE -> ints[i] = DateColumn.MISSING;
            case TEXT -> strings[i] = null;
            case TIMESTAMP, TIME -> longs[i] = TimestampColumn.MISSING;
        }
        return this;
    }

    public ColumnBuilder addNumber(double v) {
        requireType(type.isNumeric(), "a number");
        numbers[slot()] = v;
        return this;
    }

    public ColumnBuilder addBoolean(boolean v) {
        requireType(type == ColumnType.BOOLEAN, "a boolean");
        booleans[slot()] = (byte) (v ? 1 : 0);
        return this;
    }

    public ColumnBuilder addString(String v) {
        if (v == null) {
            return addMissing();
        }
        if (type == ColumnType.CATEGORICAL) {
            int code = levelIndex.computeIfAbsent(v, k -> {
                levels.add(k);
                return levels.size() - 1;
            });
            ints[slot()] = code;
        } else {
            requireType(type == ColumnType.TEXT, "a string");
            strings[slot()] = v;
        }
        return this;
    }

    public ColumnBuilder addDate(LocalDate v) {
        if (v == null) {
            return addMissing();
        }
        return addEpochDay((int) v.toEpochDay());
    }

    private ColumnBuilder addEpochDay(int epochDay) {
        requireType(type == ColumnType.DATE, "a date");
        ints[slot()] = epochDay;
        return this;
    }

    public ColumnBuilder addTimestamp(LocalDateTime v) {
        if (v == null) {
            return addMissing();
        }
        return addMicros(TimestampColumn.toMicros(v));
    }

    public ColumnBuilder addTime(LocalTime v) {
        if (v == null) {
            return addMissing();
        }
        return addMicros(v.toNanoOfDay() / 1000);
    }

    /** Microseconds since the epoch (timestamp) or since midnight (time). */
    private ColumnBuilder addMicros(long micros) {
        requireType(type == ColumnType.TIMESTAMP || type == ColumnType.TIME, "a timestamp or time");
        longs[slot()] = micros;
        return this;
    }

    /** Appends a value of any supported Java type that fits this column; {@code null} is missing. */
    public ColumnBuilder add(Object v) {
        return switch (v) {
            case null -> addMissing();
            case Number n when type.isNumeric() -> addNumber(n.doubleValue());
            case Boolean b when type == ColumnType.BOOLEAN -> addBoolean(b);
            case LocalDate d when type == ColumnType.DATE -> addDate(d);
            case LocalDateTime t when type == ColumnType.TIMESTAMP -> addTimestamp(t);
            case LocalTime t when type == ColumnType.TIME -> addTime(t);
            case String s when type.isString() -> addString(s);
            default -> addString(v.toString());
        };
    }

    private void requireType(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("column '" + name + "' is " + type.label() + ", cannot add " + what);
        }
    }

    public Column build() {
        return switch (type) {
            case INTEGER, DECIMAL -> NumberColumn.wrap(name, type, Arrays.copyOf(numbers, size));
            case BOOLEAN -> BooleanColumn.wrap(name, Arrays.copyOf(booleans, size));
            case CATEGORICAL -> CategoricalColumn.wrap(name, Arrays.copyOf(ints, size), levels);
            case TEXT -> TextColumn.wrap(name, Arrays.copyOf(strings, size));
            case DATE -> DateColumn.wrap(name, Arrays.copyOf(ints, size));
            case TIMESTAMP -> TimestampColumn.wrap(name, Arrays.copyOf(longs, size));
            case TIME -> TimeColumn.wrap(name, Arrays.copyOf(longs, size));
        };
    }
}
