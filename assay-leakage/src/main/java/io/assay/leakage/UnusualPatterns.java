package io.assay.leakage;

import io.assay.core.error.AssayException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The {@code unusual_pattern} findings: among the rows no rule and no model flagged, an isolation forest over the
 * pack's unusual-pattern features scores every row, and at most {@code max_share} of all rows, those scoring at
 * least {@code min_score}, are reported. Each is explained by the features farthest from their typical value (robust
 * z-score: distance from the median in median absolute deviations), with impact 0: the detector sees that a row is
 * odd, not how much it costs.
 */
final class UnusualPatterns {

    /** Rows the forest is grown on (a deterministic, evenly spaced sample of the unflagged rows). */
    static final int FIT_ROWS = 20_000;

    /** Rows the typical values and spreads are measured on. */
    static final int TYPICAL_ROWS = 200_000;

    static final String DETECTOR = "iforest";

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
        FeatureColumns columns = FeatureColumns.fetch(prep, section.features());
        double maxShare = prep.settings.knob("unusual max_share", section.maxShare());
        double minScore = prep.settings.knob("unusual min_score", section.minScore());
        int budget = (int) Math.floor(maxShare * rows);
        double[] scores;
        try {
            scores = OutlierScorer.isolationForest()
                    .score(columns.table(spaced(candidates, FIT_ROWS)), columns.table(candidates), seed);
        } catch (AssayException e) {
            return new LeakageResult.DetectorStatus(label, "not used", e.getMessage(), 0);
        }
        Integer[] order = new Integer[candidates.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        double[][] typical = typical(columns, candidates);
        int added = 0;
        for (int k = 0; k < order.length && added < budget; k++) {
            int i = order[k];
            if (scores[i] < minScore) {
                break;
            }
            findings.add(finding(columns, typical, candidates[i], scores[i]));
            added++;
        }
        return new LeakageResult.DetectorStatus(
                label,
                "ran",
                String.format(
                        Locale.ROOT,
                        "%s over %s: %d of %d unflagged rows scored at least %.2f (reported at most %.2f%% of all rows)",
                        OutlierScorer.isolationForest().description(),
                        String.join(", ", section.features()),
                        added,
                        candidates.length,
                        minScore,
                        maxShare * 100),
                added);
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

    /** Per feature: the median and the robust scale (1.4826 × MAD, else the mean absolute deviation) of the rows. */
    private static double[][] typical(FeatureColumns columns, int[] candidates) {
        int[] sample = spaced(candidates, TYPICAL_ROWS);
        double[][] out = new double[columns.names().size()][2];
        for (int f = 0; f < out.length; f++) {
            double[] v = new double[sample.length];
            int n = 0;
            for (int r : sample) {
                double x = columns.get(f, r);
                if (!Double.isNaN(x)) {
                    v[n++] = x;
                }
            }
            if (n == 0) {
                out[f] = new double[] {Double.NaN, Double.NaN};
                continue;
            }
            double med = Robust.median(v, n);
            double[] dev = new double[n];
            double sum = 0;
            for (int i = 0; i < n; i++) {
                dev[i] = Math.abs(v[i] - med);
                sum += dev[i];
            }
            double mad = 1.4826 * Robust.median(dev, n);
            out[f] = new double[] {med, mad > 0 ? mad : sum / n};
        }
        return out;
    }

    private static Finding finding(FeatureColumns columns, double[][] typical, int row, double score) {
        record Deviation(String name, double value, double typical, double z) {}
        var deviations = new ArrayList<Deviation>();
        for (int f = 0; f < columns.names().size(); f++) {
            double v = columns.get(f, row);
            double med = typical[f][0];
            double scale = typical[f][1];
            if (Double.isNaN(v) || Double.isNaN(med)) {
                continue;
            }
            double z = v == med ? 0 : scale > 0 ? Math.abs(v - med) / scale : Double.POSITIVE_INFINITY;
            deviations.add(new Deviation(columns.names().get(f), v, med, z));
        }
        deviations.sort(Comparator.comparingDouble(Deviation::z).reversed());
        // the features that stand out (at least one deviation from typical), else the single farthest one
        var standing = deviations.stream().filter(d -> d.z() >= 1).limit(3).toList();
        var top = standing.isEmpty() ? deviations.subList(0, Math.min(1, deviations.size())) : standing;
        var evidence = new LinkedHashMap<String, Object>();
        evidence.put("anomaly_score", Math.round(score * 10_000) / 10_000.0);
        var parts = new ArrayList<String>();
        for (Deviation d : top) {
            var e = new LinkedHashMap<String, Object>();
            e.put("value", round(d.value()));
            e.put("typical", round(d.typical()));
            e.put("deviations", Double.isInfinite(d.z()) ? null : Math.round(d.z() * 10) / 10.0);
            evidence.put(d.name(), e);
            parts.add(d.name().replace('_', ' ') + " " + RuleRunner.format(round(d.value()), "num") + " (typical "
                    + RuleRunner.format(round(d.typical()), "num") + ")");
        }
        String text = "Unusual row that no rule explains: " + String.join(", ", parts)
                + "; worth a look, no money is counted.";
        double confidence = Math.max(0, Math.min(0.99, (score - 0.5) * 2));
        return new Finding(
                row,
                "unusual_pattern",
                Severity.LOW,
                Math.round(confidence * 10_000) / 10_000.0,
                0,
                DETECTOR,
                text,
                evidence,
                null,
                row);
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
