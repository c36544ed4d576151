package io.assay.leakage;

import java.util.Arrays;

/** Robust estimators the norms need beyond SQL medians: the Theil–Sen slope. */
final class Robust {

    private Robust() {}

    /**
     * The Theil–Sen slope of {@code y} on {@code x}: the median of the slopes between all pairs of points with
     * different {@code x}; 0 when every {@code x} is the same. Robust to up to about 29% of outlying points (Sen, 1968).
     */
    static double theilSen(double[] x, double[] y) {
        int n = x.length;
        double[] slopes = new double[n * (n - 1) / 2];
        int k = 0;
        double scale = 0;
        for (double v : x) {
            scale = Math.max(scale, Math.abs(v));
        }
        double eps = 1e-9 * Math.max(1, scale);
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double dx = x[j] - x[i];
                if (Math.abs(dx) > eps) {
                    slopes[k++] = (y[j] - y[i]) / dx;
                }
            }
        }
        return k == 0 ? 0 : median(slopes, k);
    }

    /** The median of the first {@code n} values (reorders them). */
    static double median(double[] values, int n) {
        double[] v = n == values.length ? values : Arrays.copyOf(values, n);
        Arrays.sort(v);
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
