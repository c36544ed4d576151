package io.assay.core.pipeline;

import io.assay.core.table.Column;
import io.assay.core.table.ColumnType;
import io.assay.core.table.Table;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A fitted preprocessing pipeline: plain data (options, one {@link ColumnStep} per used column, the exclusions),
 * applied identically to any table. Absent columns, changed types and unseen levels never fail an application;
 * they are filled as at training time and listed in the {@link ApplyReport} of the returned {@link Features}.
 */
public record FittedPipeline(Pipeline.Options options, List<ColumnStep> steps, List<Pipeline.Exclusion> excluded) {

    private static final LocalDateTime EPOCH = LocalDateTime.of(1970, 1, 1, 0, 0);

    public FittedPipeline {
        steps = List.copyOf(steps);
        excluded = List.copyOf(excluded);
    }

    /** The source columns the pipeline reads, in order. */
    public List<String> inputColumns() {
        return steps.stream().map(ColumnStep::column).toList();
    }

    /** The feature names it produces, in order. */
    public List<String> featureNames() {
        var out = new ArrayList<String>();
        steps.forEach(s -> out.addAll(s.outputs()));
        return out;
    }

    /** Features for {@code table}, with a report of anything filled or mapped. */
    public Features apply(Table table) {
        return apply(table, Map.of());
    }

    Features apply(Table table, Map<String, double[][]> outOfFold) {
        int n = table.rowCount();
        var names = new ArrayList<String>();
        var sources = new ArrayList<String>();
        var columns = new ArrayList<double[]>();
        var missing = new ArrayList<String>();
        var changes = new ArrayList<ApplyReport.TypeChange>();
        var unseen = new ArrayList<ApplyReport.UnseenLevels>();
        for (ColumnStep step : steps) {
            Column c = table.has(step.column()) ? table.column(step.column()) : null;
            if (c == null) {
                missing.add(step.column());
            } else if (c.type() != step.type() && !compatible(step.type(), c.type())) {
                long unreadable = 0;
                for (int i = 0; i < n; i++) {
                    if (!c.isMissing(i) && readsAsMissing(step, c, i)) {
                        unreadable++;
                    }
                }
                changes.add(new ApplyReport.TypeChange(
                        step.column(), step.type().label(), c.type().label(), unreadable));
            }
            double[][] produced = switch (step) {
                case ColumnStep.Numeric s -> new double[][] {numeric(s, c, n)};
                case ColumnStep.Flag s -> new double[][] {flag(s, c, n)};
                case ColumnStep.OneHot s -> oneHot(s, c, n, unseen);
                case ColumnStep.Ordinal s -> new double[][] {ordinal(s, c, n, unseen)};
                case ColumnStep.TargetEncoded s ->
                    outOfFold.containsKey(s.column()) ? outOfFold.get(s.column()) : target(s, c, n, unseen);
                case ColumnStep.DateParts s -> dateParts(s, c, n);
            };
            var outs = step.outputs();
            for (int k = 0; k < outs.size(); k++) {
                names.add(outs.get(k));
                sources.add(step.column());
                columns.add(produced[k]);
            }
        }
        var report = new ApplyReport(n, missing, changes, unseen);
        return new Features(names, sources, columns.toArray(new double[0][]), n, report);
    }

    private static boolean compatible(ColumnType fitted, ColumnType now) {
        return (fitted.isNumeric() && now.isNumeric()) || (fitted.isString() && now.isString());
    }

    private static boolean readsAsMissing(ColumnStep step, Column c, int row) {
        return switch (step) {
            case ColumnStep.Numeric s -> Double.isNaN(Values.number(c, row));
            case ColumnStep.Flag s -> Double.isNaN(Values.number(c, row));
            case ColumnStep.DateParts s -> Values.dateTime(c, row) == null;
            default -> false;
        };
    }

    private static double[] numeric(ColumnStep.Numeric s, Column c, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double v = c == null ? Double.NaN : Values.number(c, i);
            out[i] = s.scale().apply(Double.isNaN(v) ? s.fill() : v);
        }
        return out;
    }

    private static double[] flag(ColumnStep.Flag s, Column c, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double v = c == null ? Double.NaN : Values.number(c, i);
            out[i] = Double.isNaN(v) ? s.fill() : (v > 0.5 ? 1 : 0);
        }
        return out;
    }

    private static Map<String, Integer> index(List<String> levels) {
        var m = new HashMap<String, Integer>(levels.size() * 2);
        for (int i = 0; i < levels.size(); i++) {
            m.put(levels.get(i), i);
        }
        return m;
    }

    private static double[][] oneHot(ColumnStep.OneHot s, Column c, int n, List<ApplyReport.UnseenLevels> unseen) {
        int width = s.levels().size() + (s.other() ? 1 : 0);
        double[][] out = new double[width][n];
        var index = index(s.levels());
        var grouped = s.grouped() == null ? Set.<String>of() : new HashSet<>(s.grouped());
        var seen = new Unseen(
                s.column(),
                s.other() ? "encoded as " + s.column() + "=" + ColumnStep.OneHot.OTHER : "encoded as all zeros");
        for (int i = 0; i < n; i++) {
            String v = c == null ? null : Values.label(c, i);
            String level = v == null ? s.fill() : v;
            Integer k = index.get(level);
            if (k != null) {
                out[k][i] = 1;
            } else {
                if (v != null && !grouped.contains(v)) {
                    seen.add(v);
                }
                if (s.other()) {
                    out[width - 1][i] = 1;
                }
            }
        }
        seen.report(unseen);
        return out;
    }

    private static double[] ordinal(ColumnStep.Ordinal s, Column c, int n, List<ApplyReport.UnseenLevels> unseen) {
        double[] out = new double[n];
        var index = index(s.levels());
        var seen = new Unseen(s.column(), "encoded as " + s.levels().size() + " (after every known level)");
        for (int i = 0; i < n; i++) {
            String v = c == null ? null : Values.label(c, i);
            Integer k = index.get(v == null ? s.fill() : v);
            if (k == null) {
                if (v != null) {
                    seen.add(v);
                }
                out[i] = s.levels().size();
            } else {
                out[i] = k;
            }
        }
        seen.report(unseen);
        return out;
    }

    private static double[][] target(
            ColumnStep.TargetEncoded s, Column c, int n, List<ApplyReport.UnseenLevels> unseen) {
        int k = s.prior().size();
        double[] prior = s.prior().stream().mapToDouble(Double::doubleValue).toArray();
        var encoding = new HashMap<String, double[]>(s.encoding().size() * 2);
        s.encoding()
                .forEach((level, e) -> encoding.put(
                        level, e.stream().mapToDouble(Double::doubleValue).toArray()));
        double[][] out = new double[k][n];
        var seen = new Unseen(s.column(), "encoded with the overall target mean");
        for (int i = 0; i < n; i++) {
            String v = c == null ? null : Values.label(c, i);
            double[] e = v == null ? null : encoding.get(v);
            if (e == null && v != null) {
                seen.add(v);
            }
            for (int j = 0; j < k; j++) {
                out[j][i] = e == null ? prior[j] : e[j];
            }
        }
        seen.report(unseen);
        return out;
    }

    private static double[][] dateParts(ColumnStep.DateParts s, Column c, int n) {
        var parts = s.parts();
        double[][] out = new double[parts.size()][n];
        for (int i = 0; i < n; i++) {
            LocalDateTime t = c == null ? null : Values.dateTime(c, i);
            for (int p = 0; p < parts.size(); p++) {
                double v = t == null ? s.fills().get(p) : part(parts.get(p), t);
                out[p][i] = s.scales().get(p).apply(v);
            }
        }
        return out;
    }

    static double part(ColumnStep.DatePart p, LocalDateTime t) {
        return switch (p) {
            case YEAR -> t.getYear();
            case MONTH -> t.getMonthValue();
            case DAY -> t.getDayOfMonth();
            case DAY_OF_WEEK -> t.getDayOfWeek().getValue();
            case DAY_OF_YEAR -> t.getDayOfYear();
            case HOUR -> t.getHour();
            case MINUTE -> t.getMinute();
            case EPOCH_DAYS -> ChronoUnit.DAYS.between(EPOCH, t);
        };
    }

    /** Collects levels not seen at fit time for the report. */
    private static final class Unseen {
        private final String column;
        private final String handling;
        private final LinkedHashSet<String> examples = new LinkedHashSet<>();
        private long rows;

        Unseen(String column, String handling) {
            this.column = column;
            this.handling = handling;
        }

        void add(String level) {
            rows++;
            if (examples.size() < 5) {
                examples.add(level);
            }
        }

        void report(List<ApplyReport.UnseenLevels> out) {
            if (rows > 0) {
                out.add(new ApplyReport.UnseenLevels(column, rows, List.copyOf(examples), handling));
            }
        }
    }
}
