package io.assay.ml;

import io.assay.core.error.InvalidOptionException;
import io.assay.core.pipeline.ColumnStep;
import io.assay.core.pipeline.FittedPipeline;
import io.assay.core.table.Column;
import io.assay.core.table.ColumnBuilder;
import io.assay.core.table.ColumnType;
import io.assay.core.table.Table;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Builds a table from rows given as maps (JSON), typing each column as the pipeline expects it. */
final class Rows {

    private Rows() {}

    /** The rows as a table, and the columns where some values could not be read as the expected type. */
    record Converted(Table table, List<io.assay.core.pipeline.ApplyReport.TypeChange> unreadable) {}

    /**
     * @param formats how the training file wrote each column ({@link io.assay.core.table.Field#format()}), so that
     *     text values are read the same way (plus ISO for dates and times)
     */
    static Converted toTable(List<Map<String, Object>> rows, FittedPipeline pipeline, Map<String, String> formats) {
        if (rows.isEmpty()) {
            throw new InvalidOptionException("rows", "[]", "give at least one row");
        }
        var expected = new java.util.HashMap<String, ColumnType>();
        for (ColumnStep s : pipeline.steps()) {
            expected.put(s.column(), s.type());
        }
        var names = new LinkedHashSet<String>();
        rows.forEach(r -> names.addAll(r.keySet()));
        var columns = new ArrayList<Column>();
        var unreadable = new ArrayList<io.assay.core.pipeline.ApplyReport.TypeChange>();
        for (String name : names) {
            ColumnType type = expected.getOrDefault(name, ColumnType.TEXT);
            var b = new ColumnBuilder(name, type, rows.size());
            var format = SourceFormat.of(formats.get(name));
            long bad = 0;
            for (var r : rows) {
                bad += add(b, type, format, r.get(name)) ? 0 : 1;
            }
            if (bad > 0) {
                unreadable.add(new io.assay.core.pipeline.ApplyReport.TypeChange(
                        name, type.label(), "unreadable values", bad));
            }
            columns.add(b.build());
        }
        return new Converted(Table.of(columns), unreadable);
    }

    /**
     * Largest magnitude of an integer: 2^53, the last whole number a double holds exactly (the limit ingest applies
     * to integer columns of files).
     */
    private static final double LARGEST_INTEGER = 9_007_199_254_740_992d;

    /**
     * A number as the model may see it: finite ({@code 1e999999}, {@code Infinity} and {@code NaN} are unreadable, as
     * they are in files), and within 2^53 in an integer column.
     */
    private static double number(ColumnType type, double value) {
        double largest = type == ColumnType.INTEGER ? LARGEST_INTEGER : Double.MAX_VALUE;
        if (!(Math.abs(value) <= largest)) {
            throw new IllegalArgumentException("not a usable " + type.label() + ": " + value);
        }
        return value;
    }

    /** Adds {@code v}; false when it could not be read as {@code type} (it is added as missing). */
    private static boolean add(ColumnBuilder b, ColumnType type, SourceFormat format, Object v) {
        if (v == null) {
            b.addMissing();
            return true;
        }
        try {
            switch (type) {
                case INTEGER, DECIMAL ->
                    b.addNumber(number(type, v instanceof Number n ? n.doubleValue() : format.number(v.toString())));
                case BOOLEAN -> b.addBoolean(v instanceof Boolean bool ? bool : format.flag(v.toString()));
                case DATE -> b.addDate(v instanceof LocalDate d ? d : format.date(v.toString()));
                case TIMESTAMP -> b.addTimestamp(v instanceof LocalDateTime t ? t : format.timestamp(v.toString()));
                case TIME -> b.addTime(v instanceof LocalTime t ? t : format.time(v.toString()));
                case CATEGORICAL, TEXT -> b.addString(v.toString());
            }
        } catch (RuntimeException e) {
            b.addMissing();
            return false;
        }
        return true;
    }
}
