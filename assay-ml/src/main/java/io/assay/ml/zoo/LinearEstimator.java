package io.assay.ml.zoo;

import io.assay.core.json.Json;
import io.assay.core.pipeline.Features;
import io.assay.ml.Estimator;
import io.assay.ml.SavedEstimator;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A linear score {@code b + w·x} per output, evaluated by Assay itself from saved coefficients (no library needed to
 * load it). One output: a regression value, or the log-odds of the second class. Several outputs: one score per
 * class (softmax). Contributions are {@code w_j (x_j - mean_j)} with the mean score as base: the linear-model SHAP
 * values. Importance is {@code |w_j|·sd_j}, which does not depend on the feature's unit.
 */
final class LinearEstimator implements Estimator {

    /** The saved form: coefficients per output, intercepts, and training means and deviations of the features. */
    record State(
            List<List<Double>> weights,
            List<Double> intercepts,
            List<Double> means,
            List<Double> sds,
            boolean logistic) {}

    private final double[][] w; // [output][feature]
    private final double[] b;
    private final double[] mean;
    private final double[] sd;
    private final boolean logistic;

    LinearEstimator(double[][] w, double[] b, double[] mean, double[] sd, boolean logistic) {
        this.w = w;
        this.b = b;
        this.mean = mean;
        this.sd = sd;
        this.logistic = logistic;
    }

    static LinearEstimator of(double[][] w, double[] b, Features x, boolean logistic) {
        int width = x.width();
        double[] mean = new double[width];
        double[] sd = new double[width];
        for (int f = 0; f < width; f++) {
            double s = 0;
            double ss = 0;
            for (int r = 0; r < x.rows(); r++) {
                double v = x.get(r, f);
                s += v;
                ss += v * v;
            }
            mean[f] = s / Math.max(1, x.rows());
            sd[f] = Math.sqrt(Math.max(0, ss / Math.max(1, x.rows()) - mean[f] * mean[f]));
        }
        return new LinearEstimator(w, b, mean, sd, logistic);
    }

    static LinearEstimator load(SavedEstimator saved) {
        var s = Json.read(new String(saved.bytes(), StandardCharsets.UTF_8), State.class);
        double[][] w = s.weights().stream()
                .map(l -> l.stream().mapToDouble(Double::doubleValue).toArray())
                .toArray(double[][]::new);
        return new LinearEstimator(
                w,
                s.intercepts().stream().mapToDouble(Double::doubleValue).toArray(),
                s.means().stream().mapToDouble(Double::doubleValue).toArray(),
                s.sds().stream().mapToDouble(Double::doubleValue).toArray(),
                s.logistic());
    }

    private double score(int output, double[] row) {
        double s = b[output];
        double[] wo = w[output];
        for (int f = 0; f < wo.length; f++) {
            s += wo[f] * row[f];
        }
        return s;
    }

    @Override
    public double[] predict(Features x) {
        double[] out = new double[x.rows()];
        if (!logistic) {
            for (int r = 0; r < out.length; r++) {
                out[r] = score(0, x.row(r));
            }
            return out;
        }
        double[][] p = probabilities(x);
        for (int r = 0; r < out.length; r++) {
            int best = 0;
            for (int c = 1; c < p[r].length; c++) {
                if (p[r][c] > p[r][best]) {
                    best = c;
                }
            }
            out[r] = best;
        }
        return out;
    }

    @Override
    public double[][] probabilities(Features x) {
        if (!logistic) {
            return null;
        }
        double[][] out = new double[x.rows()][];
        for (int r = 0; r < out.length; r++) {
            double[] row = x.row(r);
            if (w.length == 1) {
                double p = 1 / (1 + Math.exp(-score(0, row)));
                out[r] = new double[] {1 - p, p};
            } else {
                double[] s = new double[w.length];
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < s.length; c++) {
                    s[c] = score(c, row);
                    max = Math.max(max, s[c]);
                }
                double sum = 0;
                for (int c = 0; c < s.length; c++) {
                    s[c] = Math.exp(s[c] - max);
                    sum += s[c];
                }
                for (int c = 0; c < s.length; c++) {
                    s[c] /= sum;
                }
                out[r] = s;
            }
        }
        return out;
    }

    @Override
    public double[][] contributions(Features x) {
        double[] predicted = w.length > 1 ? predict(x) : null;
        double[][] out = new double[x.rows()][w[0].length + 1];
        for (int r = 0; r < out.length; r++) {
            int o = predicted == null ? 0 : (int) predicted[r];
            double base = b[o];
            for (int f = 0; f < w[o].length; f++) {
                out[r][f] = w[o][f] * (x.get(r, f) - mean[f]);
                base += w[o][f] * mean[f];
            }
            out[r][w[o].length] = base;
        }
        return out;
    }

    @Override
    public double[] importance() {
        double[] out = new double[mean.length];
        for (double[] wo : w) {
            for (int f = 0; f < out.length; f++) {
                out[f] += Math.abs(wo[f]) * sd[f];
            }
        }
        return out;
    }

    @Override
    public SavedEstimator save() {
        var state = new State(
                java.util.Arrays.stream(w)
                        .map(r -> java.util.Arrays.stream(r).boxed().toList())
                        .toList(),
                java.util.Arrays.stream(b).boxed().toList(),
                java.util.Arrays.stream(mean).boxed().toList(),
                java.util.Arrays.stream(sd).boxed().toList(),
                logistic);
        return new SavedEstimator(SavedEstimator.JSON, Json.write(state).getBytes(StandardCharsets.UTF_8));
    }
}
