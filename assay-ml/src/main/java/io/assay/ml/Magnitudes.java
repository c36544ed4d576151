package io.assay.ml;

import io.assay.core.table.NumberColumn;
import io.assay.core.table.Table;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * Guards training against numbers too large to compute with: before fitting, every numeric column the model uses
 * must stay within {@link ValueOutOfRangeException#LIMIT}; after fitting, predictions and metrics must be finite.
 */
final class Magnitudes {

    private Magnitudes() {}

    /**
     * Refuses the first column of {@code columns} in {@code table} holding a value beyond the limit, naming the
     * value, its row (1-based, as the data's rows are numbered below the header), how many such values there are and
     * the range of the rest.
     */
    static void requireWithinLimit(Table table, Collection<String> columns, String where) {
        for (String name : columns) {
            if (name == null || !table.has(name) || !(table.column(name) instanceof NumberColumn n)) {
                continue;
            }
            int worst = -1;
            long beyond = 0;
            double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n.size(); i++) {
                if (n.isMissing(i)) {
                    continue;
                }
                double v = n.get(i);
                if (Math.abs(v) > ValueOutOfRangeException.LIMIT || !Double.isFinite(v)) {
                    beyond++;
                    if (worst < 0 || Math.abs(v) > Math.abs(n.get(worst))) {
                        worst = i;
                    }
                } else {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            if (worst >= 0) {
                double v = n.get(worst);
                String rest = min <= max ? "; the other values range from " + shown(min) + " to " + shown(max) : "";
                throw new ValueOutOfRangeException(
                        name,
                        v,
                        "column '" + name + "'" + where + " holds " + shown(v) + " (row " + (worst + 1) + "; "
                                + beyond + " value(s) beyond ±" + shown(ValueOutOfRangeException.LIMIT) + rest
                                + "): too large to train on without overflow; correct or remove such values");
            }
        }
    }

    /**
     * For prediction: marks in {@code rows} every row where a numeric column of {@code columns} holds a value beyond
     * the limit, and returns per such column how many rows and the first.
     */
    static java.util.List<Predictions.OutOfRange> beyondLimit(Table table, Collection<String> columns, boolean[] rows) {
        var out = new java.util.ArrayList<Predictions.OutOfRange>();
        for (String name : columns) {
            if (!table.has(name) || !(table.column(name) instanceof NumberColumn n)) {
                continue;
            }
            long count = 0;
            int first = -1;
            for (int i = 0; i < n.size(); i++) {
                if (!n.isMissing(i) && !(Math.abs(n.get(i)) <= ValueOutOfRangeException.LIMIT)) {
                    rows[i] = true;
                    count++;
                    first = first < 0 ? i : first;
                }
            }
            if (count > 0) {
                out.add(new Predictions.OutOfRange(name, count, first + 1, n.get(first)));
            }
        }
        return out;
    }

    /** Refuses a model whose predictions on its own training rows are not all finite. */
    static void requireFinitePredictions(String model, double[] predicted, Table table, Collection<String> columns) {
        for (double p : predicted) {
            if (!Double.isFinite(p)) {
                throw overflow(model, "its predictions", table, columns);
            }
        }
    }

    /** Refuses a model whose headline metrics are not all finite. */
    static void requireFiniteMetrics(
            String model, Map<String, Double> metrics, Table table, Collection<String> columns) {
        metrics.forEach((name, v) -> {
            if (v != null && !Double.isFinite(v)) {
                throw overflow(model, "its " + name + " (" + v + ")", table, columns);
            }
        });
    }

    private static ValueOutOfRangeException overflow(
            String model, String what, Table table, Collection<String> columns) {
        String widest = null;
        double widestMagnitude = -1;
        for (String name : columns) {
            if (name == null || !table.has(name) || !(table.column(name) instanceof NumberColumn n)) {
                continue;
            }
            for (int i = 0; i < n.size(); i++) {
                if (!n.isMissing(i) && Math.abs(n.get(i)) > widestMagnitude) {
                    widestMagnitude = Math.abs(n.get(i));
                    widest = name;
                }
            }
        }
        String hint = widest == null
                ? ""
                : "; the largest number is " + shown(widestMagnitude) + " in column '" + widest + "'";
        return new ValueOutOfRangeException(
                widest,
                Double.NaN,
                model + " overflowed (" + what + " not finite)" + hint
                        + "; rescale that column or correct its extreme values; nothing was registered");
    }

    /** A number as a person reads it: {@code 1e+300}, {@code 1042.65}. */
    static String shown(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        if (v != 0 && (Math.abs(v) >= 1e15 || Math.abs(v) < 1e-4)) {
            String s = String.format(Locale.ROOT, "%.4e", v); // 1.0000e+300
            String mantissa = s.substring(0, s.indexOf('e')).replaceAll("\\.?0+$", "");
            return mantissa + s.substring(s.indexOf('e'));
        }
        return new java.math.BigDecimal(v)
                .round(new java.math.MathContext(6))
                .stripTrailingZeros()
                .toPlainString();
    }
}
