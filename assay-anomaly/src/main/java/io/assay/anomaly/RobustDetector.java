package io.assay.anomaly;

import io.assay.core.pipeline.Features;
import io.assay.core.pipeline.Pipeline;
import io.assay.ml.Hyperparameter;
import io.assay.ml.Params;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The robust per-column baseline: how far each value lies from its column's training median, in robust spreads
 * (median absolute deviation, else interquartile range, else mean absolute deviation: see {@link Spread}), and a row's
 * score is the mean of those deviations (or their maximum, or root mean square). Transparent and fast, the statistic
 * analysts already use; it misses anomalies that are only unusual combinations of ordinary values.
 */
final class RobustDetector implements Detector<RobustDetector.Options> {

    /** How a row's per-column deviations become one score. */
    enum Combine {
        MEAN,
        RMS,
        MAX
    }

    /** @param combine mean, rms or max of the per-feature deviations */
    record Options(Combine combine) {}

    static final List<Hyperparameter> PARAMS = List.of(new Hyperparameter(
            "combine",
            "mean, rms or max",
            "mean",
            "how per-column robust deviations make the row's score: their mean, root mean square or maximum"));

    @Override
    public String name() {
        return "robust";
    }

    @Override
    public String description() {
        return "robust per-column statistics (median and MAD/IQR); explains by each column's deviation";
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        return PARAMS;
    }

    @Override
    public Options options(Map<String, String> given) {
        var p = Params.of(name(), given, PARAMS);
        return new Options(Combine.valueOf(
                p.choice("combine", "mean", List.of("mean", "rms", "max")).toUpperCase(java.util.Locale.ROOT)));
    }

    @Override
    public Map<String, Object> parameters(Options o) {
        return Map.of("combine", o.combine().name().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public Class<Options> optionsType() {
        return Options.class;
    }

    @Override
    public Pipeline.Scaling scaling(Options options) {
        return Pipeline.Scaling.NONE; // median and spread are its own scaling
    }

    @Override
    public Fit fit(Features x, Options o, long seed) {
        var model = new Model(Spread.of(x), o.combine());
        return new Fit(model, model.score(x));
    }

    @Override
    public Detector.Model load(JsonNode state, Options options, int features) {
        return new Model(States.read(state, Spread.class).checked(features, "the robust state"), options.combine());
    }

    private record Model(Spread spread, Combine combine) implements Detector.Model {

        @Override
        public double[] score(Features x) {
            int d = x.width();
            double[] out = new double[x.rows()];
            double[] max = new double[x.rows()];
            for (int f = 0; f < d; f++) {
                for (int r = 0; r < out.length; r++) {
                    double z = spread.deviation(f, x.get(r, f));
                    switch (combine) {
                        case MEAN -> out[r] += z;
                        case RMS -> out[r] += z * z;
                        case MAX -> max[r] = Math.max(max[r], z);
                    }
                }
            }
            for (int r = 0; r < out.length; r++) {
                out[r] = switch (combine) {
                    case MEAN -> out[r] / d;
                    case RMS -> Math.sqrt(out[r] / d);
                    case MAX -> max[r];
                };
            }
            return out;
        }

        @Override
        public double[][] attribution(Features x, int[] rows) {
            return spread.deviations(x, rows);
        }

        @Override
        public Spread state() {
            return spread;
        }
    }
}
