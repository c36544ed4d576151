package io.assay.ml;

import io.assay.core.pipeline.Features;
import io.assay.ml.metrics.ClassificationMetrics;
import io.assay.ml.metrics.ClusteringMetrics;
import io.assay.ml.metrics.Metrics;
import io.assay.ml.metrics.RegressionMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Warns when a model's score is too good to be true: an input column that alone predicts the target almost perfectly
 * is, in business tables, nearly always a copy or a consequence of the target (a churn flag beside "Churn", a
 * cancellation date filled only for those who left, a tax that is a fixed share of the total), unknown when a
 * prediction is needed. Training goes on; the warning names the columns and says what to do.
 *
 * <p>Thresholds, measured cheaply on (a sample of) the training rows, one input column at a time over its encoded
 * features:
 *
 * <ul>
 *   <li>classification: ROC AUC, either direction, at least {@value #AUC}: with two classes the AUC of the column's
 *       best feature against the second class; with more, for each class (one against the rest) the AUC of the
 *       column's best feature for it, averaged over the classes (a one-hot copy of the target scores 1). A real
 *       feature that strong is rare enough that the warning is worth a look every time.
 *   <li>regression: |Pearson correlation| of the column's best feature with the target at least {@value #CORRELATION}
 *       (R² ≥ 0.98 for that feature alone in a straight line).
 *   <li>the whole model: a perfect held-out score (accuracy 1 on at least {@value #PERFECT_MIN_ROWS} rows, or R² at
 *       least {@value #PERFECT_R2}) names the columns the model relies on most (permutation importance), since a
 *       combination of columns can leak as well as one.
 * </ul>
 */
final class TargetLeakage {

    /** Single-column ROC AUC from which a classification input is suspect. */
    static final double AUC = 0.99;

    /** Single-column |correlation| from which a regression input is suspect. */
    static final double CORRELATION = 0.99;

    /** Held-out R² counted as perfect (shown as 1.0000). */
    static final double PERFECT_R2 = 0.99995;

    /** Held-out rows needed before an accuracy of 1 counts as suspicious rather than luck. */
    static final int PERFECT_MIN_ROWS = 30;

    /** Permutation importance (drop of accuracy or R²) from which the model relies on a column. */
    private static final double RELIED_ON = 0.01;

    /** Training rows the single-column scores are measured on, at most. */
    private static final int SAMPLE = 20_000;

    private static final String ADVICE = "metrics are probably optimistic; if %s not known when a prediction is"
            + " needed, leave %s out (list the columns to use with --features)";

    private TargetLeakage() {}

    /**
     * The warnings for a supervised model, or none.
     *
     * @param x the training rows' features
     * @param y the training target (class indexes, or values)
     * @param test the held-out metrics
     * @param testRows how many rows they were measured on
     * @param importance the model's importance per column, most important first
     */
    static List<Evaluation.Warning> check(
            String target,
            Task task,
            Features x,
            double[] y,
            List<String> classes,
            Metrics test,
            long testRows,
            List<Evaluation.Importance> importance,
            long seed) {
        var out = new ArrayList<Evaluation.Warning>();
        var suspects = suspects(task, x, y, classes, seed);
        if (!suspects.isEmpty()) {
            var names = List.copyOf(suspects.keySet());
            boolean one = names.size() == 1;
            String measure = task == Task.CLASSIFICATION ? "ROC AUC" : "|correlation|";
            out.add(new Evaluation.Warning(
                    Evaluation.Warning.TARGET_LEAKAGE,
                    names,
                    String.format(
                            Locale.ROOT,
                            "%s %s alone predict%s '%s' almost perfectly (%s %s on the training rows): %s like %s"
                                    + " of the target; "
                                    + ADVICE,
                            one ? "column" : "columns",
                            quoted(names),
                            one ? "s" : "",
                            target,
                            measure,
                            String.join(
                                    ", ",
                                    suspects.values().stream()
                                            .map(v -> String.format(Locale.ROOT, "%.4f", v))
                                            .toList()),
                            one ? "it looks" : "they look",
                            one ? "a copy or a consequence" : "copies or consequences",
                            one ? "it is" : "they are",
                            one ? "it" : "them")));
        }
        String perfect = perfect(test, testRows);
        if (perfect != null && suspects.isEmpty()) {
            var relied = importance.stream()
                    .filter(i -> i.permutation() != null && i.permutation() > RELIED_ON)
                    .limit(3)
                    .map(Evaluation.Importance::column)
                    .toList();
            if (relied.isEmpty()) {
                relied = importance.stream()
                        .limit(3)
                        .map(Evaluation.Importance::column)
                        .toList();
            }
            out.add(new Evaluation.Warning(
                    Evaluation.Warning.TARGET_LEAKAGE,
                    relied,
                    String.format(
                            Locale.ROOT,
                            "the held-out score is perfect (%s on %,d rows)%s: a column may be a copy or a consequence"
                                    + " of the target; "
                                    + ADVICE,
                            perfect,
                            testRows,
                            relied.isEmpty() ? "" : ", relying most on " + quoted(relied),
                            "such a column is",
                            "it")));
        }
        return out;
    }

    /** The perfect held-out score in words, or null when it is not perfect. */
    private static String perfect(Metrics test, long testRows) {
        return switch (test) {
            case ClassificationMetrics c when c.accuracy() == 1.0 && testRows >= PERFECT_MIN_ROWS -> "accuracy 1.0000";
            case RegressionMetrics r
            when r.r2() >= PERFECT_R2 -> String.format(Locale.ROOT, "R² %.4f, RMSE %.4g", r.r2(), r.rmse());
            default -> null;
        };
    }

    /** Columns whose single-column score reaches the threshold, with that score, strongest first. */
    static Map<String, Double> suspects(Task task, Features x, double[] y, List<String> classes, long seed) {
        int[] rows = ClusteringMetrics.sampleRows(x.rows(), SAMPLE, seed);
        double[] target = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            target[i] = y[rows[i]];
        }
        int k = Math.max(2, classes.size());
        var perClass = new LinkedHashMap<String, double[]>(); // column → best AUC per class, over its features
        var correlation = new LinkedHashMap<String, Double>();
        for (int f = 0; f < x.width(); f++) {
            double[] all = x.column(f);
            double[] v = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                v[i] = all[rows[i]];
            }
            if (task == Task.CLASSIFICATION) {
                double[] auc = aucs(v, target, k);
                double[] best = perClass.computeIfAbsent(x.source(f), c -> new double[k]);
                for (int c = 0; c < k; c++) {
                    best[c] = Math.max(best[c], auc[c]);
                }
            } else {
                correlation.merge(x.source(f), correlation(v, target), Math::max);
            }
        }
        var score = new LinkedHashMap<String, Double>(correlation);
        perClass.forEach((column, best) -> score.put(column, classScore(best, target, k)));
        double threshold = task == Task.CLASSIFICATION ? AUC : CORRELATION;
        var out = new LinkedHashMap<String, Double>();
        score.entrySet().stream()
                .filter(e -> e.getValue() >= threshold)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** Two classes: the AUC against the second; more: the mean over the classes present. */
    private static double classScore(double[] best, double[] y, int k) {
        if (k == 2) {
            return best[1];
        }
        boolean[] present = new boolean[k];
        for (double v : y) {
            present[(int) v] = true;
        }
        double sum = 0;
        int counted = 0;
        for (int c = 0; c < k; c++) {
            if (present[c]) {
                sum += best[c];
                counted++;
            }
        }
        return counted == 0 ? 0 : sum / counted;
    }

    /**
     * ROC AUC of one feature for each class against the rest, either direction (the larger of AUC and 1 − AUC), ties
     * counting half; 0 for a class with no row or every row.
     */
    private static double[] aucs(double[] v, double[] y, int k) {
        int n = v.length;
        double[] sorted = v.clone();
        java.util.Arrays.sort(sorted); // primitive sort: this runs once per encoded feature
        double[] rankSum = new double[k];
        long[] count = new long[k];
        for (int i = 0; i < n; i++) {
            int first = bound(sorted, v[i], false);
            int last = bound(sorted, v[i], true) - 1;
            int c = (int) y[i];
            rankSum[c] += (first + last) / 2.0 + 1; // the mid-rank of the value's ties
            count[c]++;
        }
        double[] out = new double[k];
        for (int c = 0; c < k; c++) {
            long pos = count[c];
            long neg = n - pos;
            if (pos > 0 && neg > 0) {
                double a = (rankSum[c] - pos * (pos + 1) / 2.0) / ((double) pos * neg);
                out[c] = Math.max(a, 1 - a);
            }
        }
        return out;
    }

    /** The first index of {@code sorted} holding a value above {@code x} ({@code after}) or at least {@code x}. */
    private static int bound(double[] sorted, double x, boolean after) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int cmp = Double.compare(sorted[mid], x);
            if (cmp < 0 || (after && cmp == 0)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** |Pearson correlation|; 0 when either side is constant. */
    private static double correlation(double[] a, double[] b) {
        int n = a.length;
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            double da = a[i] - ma;
            double db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        return saa == 0 || sbb == 0 ? 0 : Math.abs(sab / Math.sqrt(saa * sbb));
    }

    private static String quoted(List<String> columns) {
        return String.join(", ", columns.stream().map(c -> "'" + c + "'").toList());
    }
}
