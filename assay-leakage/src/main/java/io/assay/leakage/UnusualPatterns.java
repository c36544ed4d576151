package io.assay.leakage;

import io.assay.anomaly.AnomalousFeature;
import io.assay.anomaly.AnomalyModel;
import io.assay.anomaly.Detection;
import io.assay.anomaly.Detectors;
import io.assay.anomaly.FlaggedRow;
import io.assay.anomaly.Threshold;
import io.assay.core.Background;
import io.assay.core.Progress;
import io.assay.core.error.AssayException;
import io.assay.core.table.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import smile.sort.QuickSelect;

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

    /** Above this many rows, a 10-tree forest screens them first (see {@link #screened}). */
    static final int SCREEN_FROM = 200_000;

    static final double SCREEN_SHARE = 0.02;

    private static final Map<String, String> SCREEN_FOREST = Map.of("n_estimators", "10", "max_samples", "256");

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
        int rows = Math.toIntExact(prep.rows());
        var flagged = new BitSet(rows);
        findings.forEach(f -> flagged.set(Math.toIntExact(f.datasetRow())));
        int[] candidates = IntStream.range(0, rows).filter(r -> !flagged.get(r)).toArray();
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
            Table sample = columns.table(spaced(candidates, FIT_ROWS));
            if (candidates.length > SCREEN_FROM) {
                // the two forests grow at the same time: much of a fit is single-threaded
                try (ExecutorService side = Background.threads("unusual")) {
                    Future<AnomalyModel> screen = side.submit(() -> fit(sample, SCREEN_FOREST, seed));
                    model = fit(sample, FOREST, seed);
                    scores = screened(Background.joined(screen), model, columns, candidates);
                }
            } else {
                model = fit(sample, FOREST, seed);
                scores = score(model, columns, candidates);
            }
        } catch (AssayException e) {
            return new LeakageResult.DetectorStatus(label, "not used", e.getMessage(), 0);
        }
        var above = new ArrayList<Integer>();
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] >= minScore) {
                above.add(i);
            }
        }
        above.sort(
                Comparator.comparingDouble((Integer i) -> scores[i]).reversed().thenComparingInt(i -> i));
        List<Integer> chosen = above.subList(0, Math.min(budget, above.size()));
        if (!chosen.isEmpty()) {
            int[] datasetRows = chosen.stream().mapToInt(i -> candidates[i]).toArray();
            double[] chosenScores = chosen.stream().mapToDouble(i -> scores[i]).toArray();
            Table chosenRows = columns.table(datasetRows);
            Detection d = model.detect(
                    chosenRows, new AnomalyModel.DetectOptions(Threshold.score(minScore), 3), chosenScores);
            Map<String, String> labels = labels(prep.pack);
            for (FlaggedRow row : d.flagged()) {
                findings.add(finding(row, datasetRows[(int) row.rowIndex()], labels));
            }
        }
        return new LeakageResult.DetectorStatus(
                label,
                "ran",
                String.format(
                        Locale.ROOT,
                        "isolation forest (assay-anomaly, 100 trees of 256 rows%s) over %s: %d of %d unflagged rows"
                                + " scored at least %.2f (reported at most %.2f%% of all rows)",
                        candidates.length > SCREEN_FROM ? "; the top 2% of a 10-tree screen rescored" : "",
                        String.join(", ", section.features()),
                        chosen.size(),
                        candidates.length,
                        minScore,
                        maxShare * 100),
                chosen.size());
    }

    private static AnomalyModel fit(Table sample, Map<String, String> forest, long seed) {
        return Detectors.fit(
                        sample,
                        Detectors.Request.of(DETECTOR).withParams(forest).withSeed(seed),
                        Progress.NONE)
                .model();
    }

    /**
     * Scores of many rows: a small forest scores them all, the full forest the {@link #SCREEN_SHARE} that the small
     * one finds most unusual (the rest get minus infinity). The rows worth reporting, at most 0.2% of all, are among
     * the small forest's top 2% by a wide margin.
     */
    private static double[] screened(AnomalyModel screen, AnomalyModel full, FeatureColumns columns, int[] candidates) {
        double[] rough = score(screen, columns, candidates);
        int keep = Math.max(SCREEN_FROM / 10, (int) Math.ceil(SCREEN_SHARE * candidates.length));
        // the keep-th largest score, as sorting would give it, found in linear time
        double cut = QuickSelect.select(rough.clone(), Math.max(0, rough.length - keep));
        int[] kept = IntStream.range(0, candidates.length)
                .filter(i -> rough[i] >= cut)
                .toArray();
        int[] rows = new int[kept.length];
        for (int k = 0; k < kept.length; k++) {
            rows[k] = candidates[kept[k]];
        }
        double[] fine = score(full, columns, rows);
        double[] out = new double[candidates.length];
        Arrays.fill(out, Double.NEGATIVE_INFINITY);
        for (int k = 0; k < kept.length; k++) {
            out[kept[k]] = fine[k];
        }
        return out;
    }

    /** The scores of dataset rows {@code rows}, in parallel slices (each slice's table built from the columns). */
    private static double[] score(AnomalyModel model, FeatureColumns columns, int[] rows) {
        double[] out = new double[rows.length];
        int slices = (rows.length + SLICE - 1) / SLICE;
        IntStream.range(0, slices).parallel().forEach(s -> {
            int from = s * SLICE;
            int to = Math.min(rows.length, from + SLICE);
            double[] part = model.score(columns.table(Arrays.copyOfRange(rows, from, to)));
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

    /** How findings name each feature: its label in the pack, else its name in words. */
    private static Map<String, String> labels(DomainPack pack) {
        var out = new HashMap<String, String>();
        for (DomainPack.FeatureSpec f : pack.features()) {
            if (f.label() != null && !f.label().isBlank()) {
                out.put(f.name(), f.label().strip());
            }
        }
        return out;
    }

    private static Finding finding(FlaggedRow row, int datasetRow, Map<String, String> labels) {
        var evidence = new LinkedHashMap<String, Object>();
        evidence.put("anomaly_score", round(row.anomalyScore()));
        var parts = new ArrayList<String>();
        for (AnomalousFeature f : row.anomalousFeatures()) {
            var e = new LinkedHashMap<String, Object>();
            e.put("value", f.actualValue());
            e.put("typical", f.typicalValue());
            e.put("share_of_explanation", round(f.contribution()));
            evidence.put(f.featureName(), e);
            String name = labels.getOrDefault(f.featureName(), f.featureName().replace('_', ' '));
            parts.add(name + " " + text(f.actualValue()) + " (typical " + text(f.typicalValue()) + ")");
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
