package io.assay.ml.zoo;

import io.assay.ml.Estimator;
import io.assay.ml.Hyperparameter;
import io.assay.ml.Params;
import io.assay.ml.SavedEstimator;
import io.assay.ml.Task;
import io.assay.ml.Trainer;
import io.assay.ml.TrainingData;
import java.util.List;
import java.util.Map;
import java.util.Set;
import smile.anomaly.IsolationForest;

/**
 * Isolation forest (Smile). Each tree sees {@code max_samples} rows (256 by default, as in the original paper and
 * scikit-learn; Smile's own default of 70% of the rows is far slower for no gain in accuracy); the score is in
 * (0, 1], higher is more anomalous; {@code extension_level} 1 or more gives the extended variant (oblique splits).
 */
final class IsolationForestTrainer implements Trainer<IsolationForestTrainer.Options> {

    /**
     * @param nEstimators trees
     * @param maxSamples rows each tree is grown on
     * @param maxDepth maximum depth (0: log2 of max_samples, the usual limit)
     * @param extensionLevel 0 for the standard forest, up to features − 1 for the extended one
     */
    record Options(int nEstimators, int maxSamples, int maxDepth, int extensionLevel) {}

    static final List<Hyperparameter> PARAMS = List.of(
            new Hyperparameter("n_estimators", "integer ≥ 1", "100", "trees"),
            new Hyperparameter("max_samples", "integer ≥ 2", "256", "rows each tree is grown on"),
            new Hyperparameter("max_depth", "integer ≥ 0", "0", "maximum depth; 0 means ceil(log2(max_samples))"),
            new Hyperparameter(
                    "extension_level",
                    "integer ≥ 0",
                    "0",
                    "0: standard isolation forest; more: extended (oblique) splits"));

    @Override
    public String name() {
        return "isolation_forest";
    }

    @Override
    public String description() {
        return "isolation forest anomaly detection (Smile)";
    }

    @Override
    public Set<Task> tasks() {
        return Set.of(Task.ANOMALY_DETECTION);
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        return PARAMS;
    }

    @Override
    public Class<Options> optionsType() {
        return Options.class;
    }

    @Override
    public Options options(Map<String, String> given) {
        var p = Params.of(name(), given, PARAMS);
        var o = new Options(
                p.integer("n_estimators", 100),
                p.integer("max_samples", 256),
                p.integer("max_depth", 0),
                p.integer("extension_level", 0));
        Checks.atLeast(p, "n_estimators", o.nEstimators(), 1);
        Checks.atLeast(p, "max_samples", o.maxSamples(), 2);
        Checks.atLeast(p, "max_depth", o.maxDepth(), 0);
        Checks.atLeast(p, "extension_level", o.extensionLevel(), 0);
        return o;
    }

    @Override
    public Estimator fit(TrainingData data, Options o, long seed) {
        double[][] x = data.x().toRows();
        int n = x.length;
        int samples = Math.min(o.maxSamples(), n);
        double subsample = Math.min(1.0, (double) samples / n);
        int depth = o.maxDepth() > 0 ? o.maxDepth() : (int) Math.ceil(Math.log(Math.max(2, samples)) / Math.log(2));
        int extension = Math.min(o.extensionLevel(), Math.max(0, data.x().width() - 1));
        var model = Seeds.reproducibly(
                seed,
                () -> IsolationForest.fit(
                        x, new IsolationForest.Options(o.nEstimators(), depth, subsample, extension)));
        return new SmileEstimators.Isolation(model);
    }

    @Override
    public Estimator load(SavedEstimator saved, Options options, Shape shape) {
        return new SmileEstimators.Isolation(JavaSerialized.load(saved, IsolationForest.class));
    }
}
