package io.assay.ml;

import io.assay.core.pipeline.Features;
import io.assay.core.pipeline.FittedPipeline;
import io.assay.core.table.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained model: immutable, carrying its spec, the fitted preprocessing pipeline, the estimator, how it was
 * evaluated and where it came from. It predicts on any table that has its input columns; missing columns, changed
 * types and unseen categories are handled by the pipeline and reported, never an exception.
 */
public record TrainedModel(
        ModelSpec spec, FittedPipeline pipeline, Estimator estimator, Evaluation evaluation, Provenance provenance) {

    /** Predictions for every row of {@code table}, with per-column contributions when {@code explain}. */
    public Predictions predict(Table table, boolean explain) {
        checkColumns(table.columnNames());
        Features x = pipeline.apply(table);
        double[] values = estimator.predict(x);
        double[][] probabilities = spec.task() == Task.CLASSIFICATION ? estimator.probabilities(x) : null;
        boolean[] unpredictable = new boolean[values.length];
        var outOfRange = Magnitudes.beyondLimit(table, spec.inputColumns(), unpredictable);
        long overflowed = 0;
        int firstOverflow = -1;
        for (int i = 0; i < values.length; i++) {
            if (!unpredictable[i] && !Double.isFinite(values[i])) {
                overflowed++;
                firstOverflow = firstOverflow < 0 ? i : firstOverflow;
            }
            if (unpredictable[i] || !Double.isFinite(values[i])) {
                values[i] = Double.NaN;
                if (probabilities != null) {
                    java.util.Arrays.fill(probabilities[i], Double.NaN);
                }
            }
        }
        if (overflowed > 0) {
            outOfRange.add(new Predictions.OutOfRange(null, overflowed, firstOverflow + 1, Double.NaN));
        }
        boolean[] anomalies = null;
        if (spec.task() == Task.ANOMALY_DETECTION && spec.threshold() != null) {
            anomalies = new boolean[values.length];
            for (int i = 0; i < values.length; i++) {
                anomalies[i] = values[i] >= spec.threshold();
            }
        }
        List<String> contributionColumns = List.of();
        double[][] contributions = null;
        if (explain) {
            double[][] raw = estimator.contributions(x);
            if (raw != null) {
                var bySource = new LinkedHashMap<String, Integer>();
                for (int f = 0; f < x.width(); f++) {
                    bySource.putIfAbsent(x.source(f), bySource.size());
                }
                contributionColumns = new ArrayList<>(bySource.keySet());
                contributionColumns.add("base_value");
                contributions = new double[x.rows()][contributionColumns.size()];
                for (int r = 0; r < x.rows(); r++) {
                    for (int f = 0; f < x.width(); f++) {
                        contributions[r][bySource.get(x.source(f))] += raw[r][f];
                    }
                    contributions[r][contributionColumns.size() - 1] = raw[r][x.width()];
                    if (Double.isNaN(values[r])) {
                        java.util.Arrays.fill(contributions[r], Double.NaN);
                    }
                }
            }
        }
        return new Predictions(
                spec.task(),
                spec.classes(),
                values,
                probabilities,
                contributionColumns,
                contributions,
                anomalies,
                x.report(),
                outOfRange);
    }

    /** Prediction for one row given as column name → value (for APIs and single-row serving). */
    public Predictions predictRow(Map<String, Object> row, boolean explain) {
        return predictRows(List.of(row), explain);
    }

    /**
     * Refuses a table of {@code columns} that has none of the model's input columns: nothing to predict from (some
     * missing ones are filled with the training value and reported). Entry points call it to refuse such a table
     * before any work.
     */
    public void checkColumns(List<String> columns) {
        if (!spec.inputColumns().isEmpty() && spec.inputColumns().stream().noneMatch(columns::contains)) {
            throw new io.assay.core.error.InvalidOptionException(
                    "columns",
                    shortList(columns),
                    "none of the model's columns were given; it reads " + shortList(spec.inputColumns()));
        }
    }

    /** Names for a message: the first 12 and how many there are. */
    private static String shortList(List<String> names) {
        return names.size() <= 12
                ? String.join(", ", names)
                : String.join(", ", names.subList(0, 12)) + " … (" + names.size() + " columns)";
    }

    /** How the training file wrote each column (empty for models whose provenance has no schema). */
    private Map<String, String> sourceFormats() {
        var out = new java.util.HashMap<String, String>();
        if (provenance != null && provenance.data() != null && provenance.data().schema() != null) {
            provenance.data().schema().forEach(f -> out.put(f.name(), f.format()));
        }
        return out;
    }

    /**
     * Predictions for rows given as column name → value maps; text values are read as the training file wrote them
     * (e.g. dates as {@code 1/5/2019} when it used {@code %m/%d/%Y}) or in ISO.
     */
    public Predictions predictRows(List<Map<String, Object>> rows, boolean explain) {
        var converted = Rows.toTable(rows, pipeline, sourceFormats());
        var p = predict(converted.table(), explain);
        if (converted.unreadable().isEmpty()) {
            return p;
        }
        var changes = new ArrayList<>(p.report().typeChanges());
        changes.addAll(converted.unreadable());
        var report = new io.assay.core.pipeline.ApplyReport(
                p.report().rows(),
                p.report().missingColumns(),
                changes,
                p.report().unseenLevels());
        return new Predictions(
                p.task(),
                p.classes(),
                p.values(),
                p.probabilities(),
                p.contributionColumns(),
                p.contributions(),
                p.anomalies(),
                report,
                p.outOfRange());
    }
}
