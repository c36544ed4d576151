package io.assay.ml.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Regression quality: R², MSE, RMSE, MAE, MAPE and the distribution of residuals (truth − prediction). MAPE is
 * computed over rows whose true value is not zero ({@code mapeRowsExcluded} says how many were left out), because
 * a percentage of zero is undefined; on rows without zeros it equals scikit-learn's.
 */
public record RegressionMetrics(
        long rows,
        double r2,
        double mse,
        double rmse,
        double mae,
        Double mape,
        long mapeRowsExcluded,
        Residuals residuals)
        implements Metrics {

    /** Residuals (truth − prediction): mean, standard deviation, extremes and quartiles. */
    public record Residuals(double mean, double std, double min, double p25, double median, double p75, double max) {}

    public static RegressionMetrics of(double[] truth, double[] predicted) {
        int n = truth.length;
        double mean = 0;
        for (double t : truth) {
            mean += t;
        }
        mean /= Math.max(1, n);
        double ssRes = 0, ssTot = 0, abs = 0, pct = 0;
        long pctRows = 0;
        double[] residuals = new double[n];
        for (int i = 0; i < n; i++) {
            double r = truth[i] - predicted[i];
            residuals[i] = r;
            ssRes += r * r;
            ssTot += (truth[i] - mean) * (truth[i] - mean);
            abs += Math.abs(r);
            if (truth[i] != 0) {
                pct += Math.abs(r) / Math.abs(truth[i]);
                pctRows++;
            }
        }
        double r2 = ssTot == 0 ? (ssRes == 0 ? 1 : 0) : 1 - ssRes / ssTot;
        double mse = n == 0 ? 0 : ssRes / n;
        double rmean = Arrays.stream(residuals).average().orElse(0);
        double rvar = 0;
        for (double r : residuals) {
            rvar += (r - rmean) * (r - rmean);
        }
        double[] sorted = residuals.clone();
        Arrays.sort(sorted);
        var res = new Residuals(
                rmean,
                n > 1 ? Math.sqrt(rvar / (n - 1)) : 0,
                n == 0 ? 0 : sorted[0],
                quantile(sorted, 0.25),
                quantile(sorted, 0.5),
                quantile(sorted, 0.75),
                n == 0 ? 0 : sorted[n - 1]);
        return new RegressionMetrics(
                n,
                r2,
                mse,
                Math.sqrt(mse),
                n == 0 ? 0 : abs / n,
                pctRows == 0 ? null : pct / pctRows,
                n - pctRows,
                res);
    }

    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    @Override
    public Map<String, Double> headline() {
        var m = new LinkedHashMap<String, Double>();
        m.put("r2", r2);
        m.put("rmse", rmse);
        m.put("mae", mae);
        m.put("mse", mse);
        if (mape != null) {
            m.put("mape", mape);
        }
        return m;
    }
}
