package io.assay.ml.metrics;

import java.util.Arrays;

/** Threshold-free quality of a score: ROC AUC and average precision, with scikit-learn's tie handling. */
public final class Ranking {

    private Ranking() {}

    /**
     * Area under the ROC curve of {@code score} for {@code positive} rows: the probability that a random positive
     * scores above a random negative, ties counting half (scikit-learn's {@code roc_auc_score}). Null when only one
     * kind of row is present.
     */
    public static Double rocAuc(boolean[] positive, double[] score) {
        int n = score.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
        long pos = 0;
        for (boolean p : positive) {
            pos += p ? 1 : 0;
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) {
            return null;
        }
        double rankSum = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && score[order[j + 1]] == score[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1; // average rank of the tie group, 1-based
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    rankSum += rank;
                }
            }
            i = j + 1;
        }
        return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /**
     * Average precision: the precision at each distinct score threshold, weighted by the recall it adds
     * (scikit-learn's {@code average_precision_score}, no interpolation). Null when there is no positive row.
     */
    public static Double averagePrecision(boolean[] positive, double[] score) {
        int n = score.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        long total = 0;
        for (boolean p : positive) {
            total += p ? 1 : 0;
        }
        if (total == 0) {
            return null;
        }
        double ap = 0;
        double lastRecall = 0;
        long tp = 0;
        long fp = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && score[order[j + 1]] == score[order[i]]) {
                j++;
            }
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    tp++;
                } else {
                    fp++;
                }
            }
            double recall = (double) tp / total;
            double precision = (double) tp / (tp + fp);
            ap += (recall - lastRecall) * precision;
            lastRecall = recall;
            i = j + 1;
        }
        return ap;
    }
}
