package io.assay.anomaly;

import io.assay.core.pipeline.Pipeline;
import io.assay.core.table.Column;
import io.assay.ml.metrics.AnomalyMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a detection run found, for people and scripts: rows, features used and left out, the method and its
 * parameters, the threshold and how it was chosen, how many rows it flagged (by severity), how many the 90th, 95th
 * and 99th percentile cuts would flag instead, the distribution of the scores and, when a label column was named, the
 * quality of the scores against it (ROC AUC, average precision, precision, recall and F1 at the threshold). The
 * parameters are named and valued as {@code --param} takes them, so a run can be repeated by pasting them back.
 */
public record DetectionSummary(
        long rows,
        String method,
        List<String> members,
        Map<String, Object> parameters,
        long seed,
        List<String> featuresUsed,
        List<Pipeline.Exclusion> featuresExcluded,
        ThresholdChoice threshold,
        long flagged,
        Map<String, Long> severities,
        List<Alternative> alternatives,
        AnomalyMetrics quality,
        String label,
        List<String> notes) {

    public DetectionSummary {
        members = List.copyOf(members);
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        featuresUsed = List.copyOf(featuresUsed);
        featuresExcluded = List.copyOf(featuresExcluded);
        severities = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(severities));
        alternatives = List.copyOf(alternatives);
        notes = List.copyOf(notes);
    }

    /** The threshold used: its rule and setting, the score it cuts at, in words. */
    public record ThresholdChoice(Threshold.Rule rule, double setting, double score, String description) {}

    /** Another percentile cut of the training scores and how many rows it would flag. */
    public record Alternative(double percentile, double score, long flagged) {}

    /** The percentile cuts every summary compares with. */
    static final double[] ALTERNATIVES = {90, 95, 99};

    /** Label values that mark an anomaly. */
    private static final Set<String> ANOMALY = Set.of("1", "true", "yes", "y", "anomaly", "outlier", "fraud");

    /** Label values that mark a normal row (a missing value does too). */
    private static final Set<String> NORMAL = Set.of("0", "false", "no", "n", "normal", "inlier", "ok", "");

    /**
     * Reads a label column: 1, true, yes, anomaly, outlier, fraud are anomalies; 0, false, no, normal, inlier and
     * missing values are not. Any other value (a continuous number, a third class, text such as Male/Female) is an
     * error saying what a label must be: such a column cannot say which rows are anomalies.
     */
    public static boolean[] labels(Column c) {
        boolean[] out = new boolean[c.size()];
        var other = new java.util.LinkedHashSet<String>();
        for (int i = 0; i < out.length; i++) {
            Object v = c.value(i);
            Boolean anomaly = switch (v) {
                case null -> false;
                case Boolean b -> b;
                case Number n -> n.doubleValue() == 1 ? Boolean.TRUE : n.doubleValue() == 0 ? Boolean.FALSE : null;
                default -> labelText(v.toString());
            };
            if (anomaly == null) {
                if (other.size() < 3) {
                    other.add(c.text(i));
                }
                continue;
            }
            out[i] = anomaly;
        }
        if (!other.isEmpty()) {
            throw notALabel(c.name(), other);
        }
        return out;
    }

    /**
     * Refuses, before any work, a label column whose known values (e.g. a profile's top values and examples) include
     * one that {@link #labels} would refuse when the detection runs.
     */
    public static void checkLabel(String column, java.util.Collection<String> values) {
        var other = new java.util.LinkedHashSet<String>();
        for (String v : values) {
            if (v != null && labelText(v) == null && other.size() < 3) {
                other.add(v);
            }
        }
        if (!other.isEmpty()) {
            throw notALabel(column, other);
        }
    }

    /** True for an anomaly, false for a normal row, null for a value that is neither. */
    private static Boolean labelText(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (ANOMALY.contains(s)) {
            return true;
        }
        if (NORMAL.contains(s)) {
            return false;
        }
        try {
            double d = Double.parseDouble(s);
            return d == 1 ? Boolean.TRUE : d == 0 ? Boolean.FALSE : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static io.assay.core.error.InvalidOptionException notALabel(String column, java.util.Set<String> other) {
        return new io.assay.core.error.InvalidOptionException(
                "label",
                column,
                "a label must say which rows are anomalies, with two values: 1/0, true/false or yes/no (also"
                        + " anomaly/normal, outlier/inlier); '" + column + "' holds other values, e.g. "
                        + String.join(", ", other));
    }

    /**
     * Collects the scores (and labels) of a run slice by slice, so that a file larger than memory is summarised
     * while it streams; only the scores themselves are kept (8 bytes a row), for the distribution and the metrics.
     */
    public static final class Accumulator {
        private final AnomalyModel model;
        private final Threshold threshold;
        private final double cut;
        private double[] scores = new double[1024];
        private boolean[] labels;
        private int n;
        private final long[] alternativeCounts = new long[ALTERNATIVES.length];
        private final double[] alternativeScores = new double[ALTERNATIVES.length];
        private final Map<String, Long> severities = new LinkedHashMap<>();
        private final String label;
        private final List<String> notes = new ArrayList<>();
        private long flagged;

        /**
         * @param threshold the threshold of the run (null: the model's own)
         * @param label the label column of the run (null: none; slices then come without labels)
         */
        public Accumulator(AnomalyModel model, Threshold threshold, String label) {
            this.label = label;
            this.model = model;
            this.threshold = threshold == null ? model.threshold() : threshold;
            this.cut = model.resolve(this.threshold);
            this.labels = label != null ? new boolean[1024] : null;
            for (int i = 0; i < ALTERNATIVES.length; i++) {
                alternativeScores[i] = model.percentile(ALTERNATIVES[i]);
            }
            for (Severity s : Severity.values()) {
                severities.put(s.label(), 0L);
            }
        }

        /** Adds a slice's scores and (when the run has labels) its labels. */
        public void add(double[] sliceScores, boolean[] sliceLabels) {
            if (n + sliceScores.length > scores.length) {
                int cap = Math.max(n + sliceScores.length, scores.length * 2);
                scores = Arrays.copyOf(scores, cap);
                if (labels != null) {
                    labels = Arrays.copyOf(labels, cap);
                }
            }
            System.arraycopy(sliceScores, 0, scores, n, sliceScores.length);
            if (labels != null) {
                System.arraycopy(sliceLabels, 0, labels, n, sliceLabels.length);
            }
            n += sliceScores.length;
            for (double s : sliceScores) {
                if (s >= cut) {
                    flagged++;
                    severities.merge(Severity.flagged(model.confidence(s)).label(), 1L, Long::sum);
                }
                for (int i = 0; i < ALTERNATIVES.length; i++) {
                    if (s >= alternativeScores[i]) {
                        alternativeCounts[i]++;
                    }
                }
            }
        }

        /** A line for the summary's notes (rows skipped at ingest, columns filled, ...). */
        public void note(String line) {
            if (!notes.contains(line)) {
                notes.add(line);
            }
        }

        public DetectionSummary summary() {
            if (labels != null && n > 0) {
                long anomalies = 0;
                for (int i = 0; i < n; i++) {
                    anomalies += labels[i] ? 1 : 0;
                }
                if (anomalies == 0) {
                    note("no row of '" + label + "' is labelled an anomaly: ROC AUC and average precision need both"
                            + " kinds of row; precision is 0 (every flagged row counts as a false alarm) and recall 0"
                            + " (there is nothing to find)");
                } else if (anomalies == n) {
                    note("every row of '" + label + "' is labelled an anomaly: ROC AUC and average precision need"
                            + " both kinds of row; precision is 1 (every flagged row is an anomaly) and recall the"
                            + " share of rows flagged");
                }
            }
            double[] all = Arrays.copyOf(scores, n);
            var quality = AnomalyMetrics.of(all, cut, labels == null ? null : Arrays.copyOf(labels, n));
            var alternatives = new ArrayList<Alternative>();
            for (int i = 0; i < ALTERNATIVES.length; i++) {
                alternatives.add(new Alternative(ALTERNATIVES[i], alternativeScores[i], alternativeCounts[i]));
            }
            return new DetectionSummary(
                    n,
                    model.method(),
                    model.members(),
                    model.parameters(),
                    model.provenance().seed(),
                    model.inputColumns(),
                    model.excluded(),
                    new ThresholdChoice(threshold.rule(), threshold.value(), cut, threshold.describe()),
                    flagged,
                    severities,
                    alternatives,
                    quality,
                    label,
                    notes);
        }
    }
}
