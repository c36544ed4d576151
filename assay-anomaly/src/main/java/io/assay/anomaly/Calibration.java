package io.assay.anomaly;

import java.util.Arrays;

/**
 * The distribution of the training rows' scores, kept as 1,001 quantiles: it turns any later score into a calibrated
 * confidence (the share of training rows that scored lower, so 0.99 means "more unusual than 99% of what the detector
 * was trained on"), gives the score at any percentile (thresholds chosen after training), and is how an ensemble puts
 * detectors with different score scales on one footing.
 *
 * @param rows training rows the quantiles summarise
 * @param quantiles scores at probabilities 0, 0.001, ..., 1 (linear interpolation between order statistics, as
 *     numpy's default)
 */
record Calibration(long rows, double[] quantiles) {

    static final int POINTS = 1001;

    /** This calibration, once checked: {@value #POINTS} finite, non-decreasing quantiles of at least one row. */
    Calibration checked(String name) {
        SavedState.require(rows > 0, name + " summarises " + rows + " rows");
        SavedState.length(SavedState.finite(quantiles, name + " quantiles").length, POINTS, name + " quantiles");
        for (int i = 1; i < quantiles.length; i++) {
            SavedState.require(quantiles[i] >= quantiles[i - 1], name + " quantiles decrease at " + i);
        }
        return this;
    }

    static Calibration of(double[] scores) {
        double[] sorted = scores.clone();
        Arrays.parallelSort(sorted); // a million training scores: both cores
        double[] q = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            q[i] = quantile(sorted, (double) i / (POINTS - 1));
        }
        return new Calibration(scores.length, q);
    }

    /** The {@code p}-quantile (0..1) of sorted values, interpolating linearly between order statistics. */
    static double quantile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** The training score at percentile {@code p} (0..100). */
    double percentile(double p) {
        return quantile(quantiles, p / 100);
    }

    /**
     * The share of training rows scoring below {@code s} (ties count half), kept strictly inside (0, 1) and still
     * increasing beyond the largest training score, so that rows more extreme than anything seen keep their order.
     */
    double confidence(double s) {
        if (Double.isNaN(s)) {
            return Double.NaN;
        }
        int last = quantiles.length - 1;
        double floor = 0.5 / Math.max(1, rows);
        if (s > quantiles[last]) {
            double spread = quantiles[last] - quantiles[(int) (0.99 * last)];
            if (!(spread > 0)) {
                spread = Math.max(Math.abs(quantiles[last]), 1e-12) * 1e-3;
            }
            return 1 - floor / (1 + (s - quantiles[last]) / spread);
        }
        if (s < quantiles[0]) {
            double spread = quantiles[(int) (0.01 * last)] - quantiles[0];
            if (!(spread > 0)) {
                spread = Math.max(Math.abs(quantiles[0]), 1e-12) * 1e-3;
            }
            return floor / (1 + (quantiles[0] - s) / spread);
        }
        int lo = lowerBound(s);
        int hi = upperBound(s) - 1;
        double p;
        if (lo <= hi) {
            p = (lo + hi) / 2.0 / last;
        } else {
            // quantiles[hi] < s < quantiles[lo], hi = lo - 1
            p = (hi + (s - quantiles[hi]) / (quantiles[lo] - quantiles[hi])) / last;
        }
        return floor + p * (1 - 2 * floor);
    }

    private int lowerBound(double s) {
        int lo = 0;
        int hi = quantiles.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (quantiles[mid] < s) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private int upperBound(double s) {
        int lo = 0;
        int hi = quantiles.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (quantiles[mid] <= s) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
