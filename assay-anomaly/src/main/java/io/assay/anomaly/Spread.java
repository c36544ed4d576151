package io.assay.anomaly;

import io.assay.core.pipeline.Features;
import java.util.Arrays;

/**
 * The robust centre and spread of every feature in the training rows: the median, and the median absolute deviation
 * scaled to a normal standard deviation (1.4826 × MAD), or when more than half the values are equal the interquartile
 * range (/ 1.349), or the mean absolute deviation from the median (× 1.2533): a 0/1 feature of a rare category keeps
 * a spread, so a rare level counts as a deviation. Spreads are computed on at most {@value #SAMPLE} rows.
 *
 * @param center per feature, the median
 * @param scale per feature, the robust spread (positive)
 */
record Spread(double[] center, double[] scale) {

    static final int SAMPLE = 100_000;
    /** Deviations are capped so that one never-seen value cannot swamp every other column. */
    static final double CAP = 1e6;

    /** This spread, once its arrays are checked to hold {@code features} finite numbers each, spreads positive. */
    Spread checked(int features, String name) {
        SavedState.length(SavedState.finite(center, name + " centre").length, features, name + " centre");
        SavedState.length(SavedState.finite(scale, name + " spread").length, features, name + " spread");
        for (double s : scale) {
            SavedState.require(s > 0, name + " has a spread of " + s + " (spreads are positive)");
        }
        return this;
    }

    static Spread of(Features x) {
        int n = x.rows();
        int[] rows = null;
        if (n > SAMPLE) {
            rows = new int[SAMPLE];
            for (int i = 0; i < SAMPLE; i++) {
                rows[i] = (int) ((long) i * n / SAMPLE);
            }
        }
        double[] center = new double[x.width()];
        double[] scale = new double[x.width()];
        for (int f = 0; f < x.width(); f++) {
            double[] all = x.column(f);
            double[] v;
            if (rows == null) {
                v = all;
            } else {
                v = new double[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    v[i] = all[rows[i]];
                }
            }
            Arrays.sort(v);
            double med = Calibration.quantile(v, 0.5);
            double[] dev = new double[v.length];
            double meanAbs = 0;
            for (int i = 0; i < v.length; i++) {
                dev[i] = Math.abs(v[i] - med);
                meanAbs += dev[i];
            }
            meanAbs /= Math.max(1, v.length);
            Arrays.sort(dev);
            double s = 1.4826 * Calibration.quantile(dev, 0.5);
            if (!(s > 0)) {
                s = (Calibration.quantile(v, 0.75) - Calibration.quantile(v, 0.25)) / 1.349;
            }
            if (!(s > 0)) {
                s = 1.2533 * meanAbs;
            }
            if (!(s > 0)) {
                s = Math.max(1e-9, Math.abs(med) * 1e-9);
            }
            center[f] = med;
            scale[f] = s;
        }
        return new Spread(center, scale);
    }

    /** |x − median| / spread of feature {@code f} for {@code value}, capped. */
    double deviation(int f, double value) {
        return Math.min(CAP, Math.abs(value - center[f]) / scale[f]);
    }

    /** Per row of {@code rows} and feature, the capped robust deviation. */
    double[][] deviations(Features x, int[] rows) {
        double[][] out = new double[rows.length][x.width()];
        for (int i = 0; i < rows.length; i++) {
            for (int f = 0; f < x.width(); f++) {
                out[i][f] = deviation(f, x.get(rows[i], f));
            }
        }
        return out;
    }
}
