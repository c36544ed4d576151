package io.assay.leakage;

import io.assay.anomaly.AnomalousFeature;
import io.assay.anomaly.AnomalyModel;
import io.assay.anomaly.Detection;
import io.assay.anomaly.Detectors;
import io.assay.anomaly.FlaggedRow;
import io.assay.anomaly.Threshold;
import io.assay.core.Progress;
import io.assay.core.error.AssayException;
import io.assay.core.table.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The {@code unusual_pattern} findings: among the rows no rule and no model flagged, an isolation forest of
 * assay-anomaly (100 trees of 256 rows, fitted on an evenly spaced sample of those rows) scores every row over the
 * pack's unusual-pattern features, and at most {@code max_share} of all rows, those scoring at least
 * {@code min_score}, are reported, each explained by the detector (the features that isolated it, their value and
 * typical value), with impact 0: the detector sees that a row is odd, not how much it costs.
 */
final class UnusualPatterns {

    /** Rows the forest is grown on (a deterministic, evenly spaced sample of the unflagged rows). */
    static final int FIT_ROWS = 20_000;

    /** Rows scored per parallel slice. */
    private static final int SLICE = 65_536;

    static final String DETECTOR = "iforest";

    private static final Map<String, String> FOREST = Map.of("n_estimators", "100", "max_samples", "256");

    private UnusualPatterns() {}

    static LeakageResult.DetectorStatus apply(boolean enabled, Preparation prep, List<Finding> findings, long seed) {
        String label = "unusual patterns";
        if (!enabled) {
            return new LeakageResult.DetectorStatus(label, "not used", "turned off", 0);
        }
        DomainPack.UnusualSection section = prep.pack.unusual();
        if (section == null) {
            return new LeakageResult.DetectorStatus(label, "not used", "the pack names no features for it", 0);
        }
        Set<Long> flagged = new HashSet<>();
        findings.forEach(f -> flagged.add(f.datasetRow()));
        int rows = Math.toIntExact(prep.rows());
        int[] candidates = IntStream.range(0, rows)
                .filter(r -> !flagged.contains((long) r))
                .toArray();
        if (candidates.length < 50) {
            return new LeakageResult.DetectorStatus(label, "not used", "fewer than 50 rows without another finding", 0);
        }
        FeatureColumns columns = prep.featureColumns(section.features());
        double maxShare = prep.settings.knob("unusual max_share", section.maxShare());
        double minScore = prep.settings.knob("unusual min_score", section.minScore());
        int budget = (int) Math.floor(maxShare * rows);
        AnomalyModel model;
        double[] scores;
        try {
            model = Detectors.fit(
                            columns.table(spaced(candidates, FIT_ROWS)),
                            Detectors.Request.of(DETECTOR).withParams(FOREST).withSeed(seed),
                            Progress.NONE)
                    .model();
            scores = score(model, columns.table(candidates));
        } catch (AssayException e) {
            return new LeakageResult.DetectorStatus(label, "not used", e.getMessage(), 0);
        }
        Integer[] order = new Integer[candidates.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        var chosen = new ArrayList<Integer>();
        for (int k = 0; k < order.length && chosen.size() < budget && scores[order[k]] >= minScore; k++) {
            chosen.add(order[k]);
        }
        if (!chosen.isEmpty()) {
            int[] datasetRows = chosen.stream().mapToInt(i -> candidates[i]).toArray();
            double[] chosenScores = chosen.stream().mapToDouble(i -> scores[i]).toArray();
            Table chosenRows = columns.table(datasetRows);
            Detection d = model.detect(
                    chosenRows, new AnomalyModel.DetectOptions(Threshold.score(minScore), 3), chosenScores);
            for (FlaggedRow row : d.flagged()) {
                findings.add(finding(row, datasetRows[(int) row.rowIndex()]));
            }
        }
        return new LeakageResult.DetectorStatus(
                label,
                "ran",
                String.format(
                        Locale.ROOT,
                        "isolation forest (assay-anomaly, 100 trees of 256 rows) over %s: %d of %d unflagged rows"
                                + " scored at least %.2f (reported at most %.2f%% of all rows)",
                        String.join(", ", section.features()),
                        chosen.size(),
                        candidates.length,
                        minScore,
                        maxShare * 100),
                chosen.size());
    }

    /** Every row's score, in parallel slices. */
    private static double[] score(AnomalyModel model, Table rows) {
        double[] out = new double[rows.rowCount()];
        int slices = (rows.rowCount() + SLICE - 1) / SLICE;
        IntStream.range(0, slices).parallel().forEach(s -> {
            int from = s * SLICE;
            int to = Math.min(rows.rowCount(), from + SLICE);
            double[] part = model.score(rows.rows(IntStream.range(from, to).toArray()));
            System.arraycopy(part, 0, out, from, part.length);
        });
        return out;
    }

    /** About {@code n} evenly spaced entries of {@code rows}. */
    static int[] spaced(int[] rows, int n) {
        if (rows.length <= n) {
            return rows;
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = rows[(int) ((long) i * rows.length / n)];
        }
        return out;
    }

    private static Finding finding(FlaggedRow row, int datasetRow) {
        var evidence = new LinkedHashMap<String, Object>();
        evidence.put("anomaly_score", round(row.anomalyScore()));
        var parts = new ArrayList<String>();
        for (AnomalousFeature f : row.anomalousFeatures()) {
            var e = new LinkedHashMap<String, Object>();
            e.put("value", f.actualValue());
            e.put("typical", f.typicalValue());
            e.put("share_of_explanation", round(f.contribution()));
            evidence.put(f.featureName(), e);
            parts.add(f.featureName().replace('_', ' ') + " " + text(f.actualValue()) + " (typical "
                    + text(f.typicalValue()) + ")");
        }
        String why = parts.isEmpty() ? "" : ": " + String.join(", ", parts);
        String description = "Unusual row that no rule explains" + why + "; worth a look, no money is counted.";
        return new Finding(
                datasetRow,
                "unusual_pattern",
                Severity.LOW,
                Math.min(0.99, round(row.confidence())),
                0,
                DETECTOR,
                description,
                evidence,
                null,
                datasetRow);
    }

    private static String text(Object v) {
        return v instanceof Number n ? RuleRunner.format(round(n.doubleValue()), "num") : String.valueOf(v);
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
