package io.assay.anomaly;

import io.assay.core.table.BooleanColumn;
import io.assay.core.table.CategoricalColumn;
import io.assay.core.table.Column;
import io.assay.core.table.ColumnType;
import io.assay.core.table.DateColumn;
import io.assay.core.table.NumberColumn;
import io.assay.core.table.Table;
import io.assay.core.table.TimeColumn;
import io.assay.core.table.TimestampColumn;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

/**
 * The typical value of a column in the training rows: the median of numbers, dates and times, the most frequent
 * label or flag (medians of at most 100,000 evenly spaced rows). It is what explanations show beside a row's actual value, and what the substitution explanation puts
 * in a column to see how much less anomalous the row becomes.
 *
 * @param value a number, a boolean, or text (ISO text for dates and times)
 */
record Typical(String column, ColumnType type, Object value) {

    Typical {
        if (value instanceof Number n) {
            value = JsonValues.number(n.doubleValue(), type == ColumnType.INTEGER);
        }
    }

    static List<Typical> of(Table table, List<String> columns) {
        var out = new ArrayList<Typical>();
        for (String name : columns) {
            Column c = table.column(name);
            out.add(new Typical(name, c.type(), typicalValue(c)));
        }
        return out;
    }

    private static Object typicalValue(Column c) {
        return switch (c) {
            case NumberColumn n -> {
                double m = median(present(n.size(), i -> n.isMissing(i) ? Double.NaN : n.get(i)));
                yield Double.isNaN(m) ? null : JsonValues.number(m, c.type() == ColumnType.INTEGER);
            }
            case DateColumn d -> {
                double m = median(present(d.size(), i -> d.isMissing(i) ? Double.NaN : d.epochDay(i)));
                yield Double.isNaN(m)
                        ? null
                        : LocalDate.ofEpochDay((long) Math.floor(m)).toString();
            }
            case TimestampColumn t -> {
                double m = median(present(t.size(), i -> t.isMissing(i) ? Double.NaN : t.epochMicros(i)));
                yield Double.isNaN(m) ? null : timestamp((long) m).toString();
            }
            case TimeColumn t -> {
                double m = median(present(t.size(), i -> t.isMissing(i) ? Double.NaN : t.microsOfDay(i)));
                yield Double.isNaN(m)
                        ? null
                        : LocalTime.ofNanoOfDay((long) m * 1000).toString();
            }
            case BooleanColumn b -> {
                int yes = 0;
                int present = 0;
                for (int i = 0; i < b.size(); i++) {
                    if (!b.isMissing(i)) {
                        present++;
                        yes += b.isTrue(i) ? 1 : 0;
                    }
                }
                yield present == 0 ? null : yes * 2 >= present;
            }
            case CategoricalColumn cat -> {
                int[] counts = cat.levelCounts();
                int best = -1;
                for (int k = 0; k < counts.length; k++) {
                    if (counts[k] > 0 && (best < 0 || counts[k] > counts[best])) {
                        best = k;
                    }
                }
                yield best < 0 ? null : cat.levels().get(best);
            }
            default -> {
                var counts = new HashMap<String, Integer>();
                for (int i = 0; i < c.size(); i++) {
                    if (!c.isMissing(i)) {
                        counts.merge(c.text(i), 1, Integer::sum);
                    }
                }
                yield counts.entrySet().stream()
                        .max((a, b) -> a.getValue().equals(b.getValue())
                                ? b.getKey().compareTo(a.getKey())
                                : Integer.compare(a.getValue(), b.getValue()))
                        .map(java.util.Map.Entry::getKey)
                        .orElse(null);
            }
        };
    }

    static LocalDateTime timestamp(long epochMicros) {
        return LocalDateTime.ofEpochSecond(
                Math.floorDiv(epochMicros, 1_000_000),
                Math.floorMod(epochMicros, 1_000_000) * 1000,
                java.time.ZoneOffset.UTC);
    }

    /** The present values, of at most {@link Spread#SAMPLE} evenly spaced rows. */
    private static double[] present(int n, java.util.function.IntToDoubleFunction get) {
        int m = Math.min(n, Spread.SAMPLE);
        double[] out = new double[m];
        int k = 0;
        for (int j = 0; j < m; j++) {
            int i = m == n ? j : (int) ((long) j * n / m);
            double v = get.applyAsDouble(i);
            if (!Double.isNaN(v)) {
                out[k++] = v;
            }
        }
        return Arrays.copyOf(out, k);
    }

    private static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        Arrays.parallelSort(v);
        return Calibration.quantile(v, 0.5);
    }

    /** The value as the column's own Java type, for putting it into a table (substitution explanations). */
    Object raw() {
        if (value == null) {
            return null;
        }
        return switch (type) {
            case INTEGER, DECIMAL -> ((Number) value).doubleValue();
            case BOOLEAN -> value instanceof Boolean b ? b : Boolean.parseBoolean(value.toString());
            case DATE -> LocalDate.parse(value.toString());
            case TIMESTAMP -> LocalDateTime.parse(value.toString());
            case TIME -> LocalTime.parse(value.toString());
            case CATEGORICAL, TEXT -> value.toString();
        };
    }
}
