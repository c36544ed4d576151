package io.assay.ml.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Anomaly-detection quality: the distribution of scores, the threshold and how many rows it flags, and, when true
 * labels exist, ROC AUC and average precision of the score and precision, recall and F1 of the flags.
 */
public record AnomalyMetrics(
        long rows,
        Distribution scores,
        double threshold,
        long flagged,
        double anomalyRate,
        Double rocAuc,
        Double averagePrecision,
        Double precision,
        Double recall,
        Double f1)
        implements Metrics {

    /** Summary of the anomaly scores. */
    public record Distribution(
            double min, double p25, double median, double p75, double p95, double p99, double max, double mean) {}

    /**
     * @param scores anomaly score per row, higher is more anomalous
     * @param threshold rows scoring at or above it are flagged
     * @param labels true anomaly per row, or null
     */
    public static AnomalyMetrics of(double[] scores, double threshold, boolean[] labels) {
        int n = scores.length;
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        var dist = new Distribution(
                n == 0 ? 0 : sorted[0],
                RegressionMetrics.quantile(sorted, 0.25),
                RegressionMetrics.quantile(sorted, 0.5),
                RegressionMetrics.quantile(sorted, 0.75),
                RegressionMetrics.quantile(sorted, 0.95),
                RegressionMetrics.quantile(sorted, 0.99),
                n == 0 ? 0 : sorted[n - 1],
                Arrays.stream(scores).average().orElse(0));
        long flagged = 0;
        long tp = 0;
        long positives = 0;
        for (int i = 0; i < n; i++) {
            boolean f = scores[i] >= threshold;
            flagged += f ? 1 : 0;
            if (labels != null) {
                positives += labels[i] ? 1 : 0;
                tp += f && labels[i] ? 1 : 0;
            }
        }
        Double auc = null, ap = null, precision = null, recall = null, f1 = null;
        if (labels != null) {
            auc = Ranking.rocAuc(labels, scores);
            ap = Ranking.averagePrecision(labels, scores);
            precision = flagged == 0 ? 0.0 : (double) tp / flagged;
            recall = positives == 0 ? 0.0 : (double) tp / positives;
            f1 = precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
        }
        return new AnomalyMetrics(
                n, dist, threshold, flagged, n == 0 ? 0 : (double) flagged / n, auc, ap, precision, recall, f1);
    }

    @Override
    public Map<String, Double> headline() {
        var m = new LinkedHashMap<String, Double>();
        m.put("anomaly_rate", anomalyRate);
        if (rocAuc != null) {
            m.put("roc_auc", rocAuc);
        }
        if (averagePrecision != null) {
            m.put("average_precision", averagePrecision);
        }
        if (f1 != null) {
            m.put("f1", f1);
        }
        return m;
    }
}
