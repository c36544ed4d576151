package io.assay.ml.zoo;

import io.assay.ml.Estimator;
import io.assay.ml.Hyperparameter;
import io.assay.ml.Params;
import io.assay.ml.SavedEstimator;
import io.assay.ml.Task;
import io.assay.ml.Trainer;
import io.assay.ml.TrainingData;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Gradient-boosted trees with XGBoost (histogram method), for classification and regression. */
final class XGBoostTrainer implements Trainer<XGBoostTrainer.Options> {

    /**
     * @param nEstimators boosting rounds
     * @param maxDepth maximum tree depth
     * @param learningRate shrinkage per round
     * @param subsample share of rows per tree
     * @param colsampleBytree share of features per tree
     * @param minChildWeight minimum sum of instance weight in a leaf
     * @param regLambda L2 regularisation of leaf weights
     * @param regAlpha L1 regularisation of leaf weights
     * @param gamma minimum loss reduction to split
     * @param maxBin histogram bins per feature
     * @param classWeight {@code none} or {@code balanced} (weights rows inversely to their class's frequency)
     * @param nThread threads (0: one per core)
     */
    record Options(
            int nEstimators,
            int maxDepth,
            double learningRate,
            double subsample,
            double colsampleBytree,
            double minChildWeight,
            double regLambda,
            double regAlpha,
            double gamma,
            int maxBin,
            String classWeight,
            int nThread) {}

    static final List<Hyperparameter> PARAMS = List.of(
            new Hyperparameter("n_estimators", "integer ≥ 1", "100", "boosting rounds"),
            new Hyperparameter("max_depth", "integer ≥ 1", "6", "maximum depth of a tree"),
            new Hyperparameter("learning_rate", "number in (0, 1]", "0.3", "shrinkage of each round (eta)"),
            new Hyperparameter("subsample", "number in (0, 1]", "1.0", "share of rows sampled per tree"),
            new Hyperparameter("colsample_bytree", "number in (0, 1]", "1.0", "share of features sampled per tree"),
            new Hyperparameter("min_child_weight", "number ≥ 0", "1", "minimum sum of row weights in a leaf"),
            new Hyperparameter("reg_lambda", "number ≥ 0", "1", "L2 regularisation of leaf weights"),
            new Hyperparameter("reg_alpha", "number ≥ 0", "0", "L1 regularisation of leaf weights"),
            new Hyperparameter("gamma", "number ≥ 0", "0", "minimum loss reduction to make a split"),
            new Hyperparameter("max_bin", "integer ≥ 2", "256", "histogram bins per feature"),
            new Hyperparameter("class_weight", "none|balanced", "none", "weight classes inversely to their frequency"),
            new Hyperparameter("n_jobs", "integer ≥ 0", "0", "threads (0: one per core)"));

    @Override
    public String name() {
        return "xgboost";
    }

    @Override
    public String description() {
        return "gradient-boosted decision trees (XGBoost, histogram method)";
    }

    @Override
    public Set<Task> tasks() {
        return Set.of(Task.CLASSIFICATION, Task.REGRESSION);
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
                p.integer("max_depth", 6),
                p.number("learning_rate", 0.3),
                p.number("subsample", 1.0),
                p.number("colsample_bytree", 1.0),
                p.number("min_child_weight", 1),
                p.number("reg_lambda", 1),
                p.number("reg_alpha", 0),
                p.number("gamma", 0),
                p.integer("max_bin", 256),
                p.choice("class_weight", "none", List.of("none", "balanced")),
                p.integer("n_jobs", 0));
        Checks.atLeast(p, "n_estimators", o.nEstimators(), 1);
        Checks.atLeast(p, "max_depth", o.maxDepth(), 1);
        Checks.share(p, "learning_rate", o.learningRate());
        Checks.share(p, "subsample", o.subsample());
        Checks.share(p, "colsample_bytree", o.colsampleBytree());
        Checks.atLeast(p, "min_child_weight", o.minChildWeight(), 0);
        Checks.atLeast(p, "reg_lambda", o.regLambda(), 0);
        Checks.atLeast(p, "reg_alpha", o.regAlpha(), 0);
        Checks.atLeast(p, "gamma", o.gamma(), 0);
        Checks.atLeast(p, "max_bin", o.maxBin(), 2);
        Checks.atLeast(p, "n_jobs", o.nThread(), 0);
        return o;
    }

    @Override
    public Estimator fit(TrainingData data, Options o, long seed) {
        var params = new HashMap<String, Object>();
        params.put("tree_method", "hist");
        params.put("max_depth", o.maxDepth());
        params.put("eta", o.learningRate());
        params.put("subsample", o.subsample());
        params.put("colsample_bytree", o.colsampleBytree());
        params.put("min_child_weight", o.minChildWeight());
        params.put("lambda", o.regLambda());
        params.put("alpha", o.regAlpha());
        params.put("gamma", o.gamma());
        params.put("max_bin", o.maxBin());
        params.put("seed", seed);
        if (o.nThread() > 0) {
            params.put("nthread", o.nThread());
        }
        return XGBoostEstimator.train(ClassWeights.apply(data, o.classWeight()), params, o.nEstimators());
    }

    @Override
    public Estimator load(SavedEstimator saved, Options options, Shape shape) {
        return XGBoostEstimator.load(saved, shape.task(), shape.classes(), shape.features());
    }
}
