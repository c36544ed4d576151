package io.assay.ml;

import io.assay.core.pipeline.ApplyReport;
import io.assay.core.table.Column;
import io.assay.core.table.ColumnBuilder;
import io.assay.core.table.ColumnType;
import io.assay.core.table.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's output for a table: one prediction per row (value, class, cluster or anomaly score), class
 * probabilities, per-row contributions of each original column when asked, anomaly flags, and the
 * {@link ApplyReport} of what the pipeline had to fill or map.
 *
 * @param values raw predictions: class index, value, cluster (−1 noise) or anomaly score
 * @param probabilities per row and class, or null
 * @param contributionColumns the original columns contributions are given for, then {@code base_value}
 * @param contributions per row, one per entry of {@code contributionColumns}, or null
 * @param anomalies per row whether the score reaches the model's threshold, or null
 * @param outOfRange input columns holding numbers too large to compute with: their rows have no prediction (NaN
 *     values and probabilities, no label)
 */
public record Predictions(
        Task task,
        List<String> classes,
        double[] values,
        double[][] probabilities,
        List<String> contributionColumns,
        double[][] contributions,
        boolean[] anomalies,
        ApplyReport report,
        List<OutOfRange> outOfRange) {

    public Predictions {
        outOfRange = outOfRange == null ? List.of() : List.copyOf(outOfRange);
    }

    /**
     * Rows left without a prediction because a numeric input holds a value beyond ±{@link
     * ValueOutOfRangeException#LIMIT}, the range no model is trained on (a value such as {@code 1e+300}).
     *
     * @param column the input column; null for rows whose inputs were in range but whose prediction was not a finite
     *     number (the model's arithmetic overflowed on them)
     * @param rows how many rows of this column were beyond the range
     * @param firstRow the first such row, 1-based among the rows predicted
     * @param firstValue its value (for {@code column} null: meaningless)
     */
    public record OutOfRange(String column, long rows, long firstRow, double firstValue) {

        /** One line for people. */
        public String problem() {
            if (column == null) {
                return rows + " row(s) not predicted: the model's output is not a finite number for them (row "
                        + firstRow + (rows > 1 ? " and others" : "") + "), though every input is in range";
            }
            return rows + " row(s) not predicted: column '" + column + "' holds " + Magnitudes.shown(firstValue)
                    + " (row " + firstRow + ")" + (rows > 1 ? " and others" : "") + " beyond ±"
                    + Magnitudes.shown(ValueOutOfRangeException.LIMIT) + ", too large to compute with";
        }

        /** This column's count over two slices of one run, {@code later} being the second. */
        public OutOfRange plus(OutOfRange later) {
            return new OutOfRange(column, rows + later.rows, firstRow, firstValue);
        }
    }

    public int rows() {
        return values.length;
    }

    /** Whether row {@code r} has a prediction (false when an input was out of range). */
    public boolean predicted(int r) {
        return !Double.isNaN(values[r]);
    }

    /**
     * The prediction of row {@code r} as a person reads it: the class label, the value, the cluster or the score; null
     * for a row without a prediction.
     */
    public Object label(int r) {
        if (!predicted(r)) {
            return null;
        }
        return switch (task) {
            case CLASSIFICATION -> classes.get((int) values[r]);
            case CLUSTERING -> (long) values[r];
            default -> values[r];
        };
    }

    /**
     * The output columns: {@code prediction}, {@code probability_<class>}, {@code is_anomaly}, and
     * {@code contribution_<column>} with {@code base_value}.
     */
    List<Column> columns() {
        int n = rows();
        var out = new ArrayList<Column>();
        ColumnType type = switch (task) {
            case CLASSIFICATION -> ColumnType.CATEGORICAL;
            case CLUSTERING -> ColumnType.INTEGER;
            default -> ColumnType.DECIMAL;
        };
        var prediction = new ColumnBuilder(task == Task.ANOMALY_DETECTION ? "anomaly_score" : "prediction", type, n);
        for (int r = 0; r < n; r++) {
            prediction.add(label(r));
        }
        out.add(prediction.build());
        if (probabilities != null) {
            for (int c = 0; c < classes.size(); c++) {
                var p = new ColumnBuilder("probability_" + classes.get(c), ColumnType.DECIMAL, n);
                for (int r = 0; r < n; r++) {
                    p.addNumber(probabilities[r][c]);
                }
                out.add(p.build());
            }
        }
        if (anomalies != null) {
            var a = new ColumnBuilder("is_anomaly", ColumnType.INTEGER, n);
            for (int r = 0; r < n; r++) {
                if (predicted(r)) {
                    a.addNumber(anomalies[r] ? 1 : 0);
                } else {
                    a.addMissing();
                }
            }
            out.add(a.build());
        }
        if (contributions != null) {
            for (int k = 0; k < contributionColumns.size(); k++) {
                String name = contributionColumns.get(k);
                var b = new ColumnBuilder(
                        name.equals("base_value") ? name : "contribution_" + name, ColumnType.DECIMAL, n);
                for (int r = 0; r < n; r++) {
                    b.addNumber(contributions[r][k]);
                }
                out.add(b.build());
            }
        }
        return out;
    }

    /** {@code input} with the output columns appended (names that clash get a {@code _predicted} suffix). */
    public Table appendTo(Table input) {
        Table t = input;
        for (Column c : columns()) {
            t = t.with(t.has(c.name()) ? c.withName(c.name() + "_predicted") : c);
        }
        return t;
    }
}
