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

/**
 * A random forest grown by XGBoost in its random-forest mode: one round of {@code n_estimators} parallel trees, each
 * on a row sample and a random subset of features at every split, leaves averaged. Several times faster than Smile's
 * forest on the same data (see bench/RESULTS.md) with the same accuracy, and saved in XGBoost's portable format.
 */
final class RandomForestTrainer implements Trainer<RandomForestTrainer.Options> {

    /**
     * @param nEstimators trees
     * @param maxDepth maximum depth (0: until leaves are pure; grown leaf by leaf, or for regression level by level
     *     at most {@link #REGRESSION_DEPTH} deep)
     * @param maxFeatures features tried at each split: {@code sqrt}, {@code log2}, {@code all} or a share in (0, 1]
     * @param sample share of rows each tree sees (sampled without replacement)
     * @param minChildWeight minimum sum of row weights in a leaf
     * @param classWeight {@code none} or {@code balanced}
     * @param nThread threads (0: one per core)
     */
    record Options(
            int nEstimators,
            int maxDepth,
            String maxFeatures,
            double sample,
            double minChildWeight,
            String classWeight,
            int nThread) {}

    /** How deep "unlimited" grows a regression forest (see {@link #fit}). */
    static final int REGRESSION_DEPTH = 20;

    static final List<Hyperparameter> PARAMS = List.of(
            new Hyperparameter("n_estimators", "integer ≥ 1", "100", "trees in the forest"),
            new Hyperparameter(
                    "max_depth",
                    "integer ≥ 0",
                    "0",
                    "maximum tree depth; 0 grows trees until leaves are pure (regression: at most 20 levels)"),
            new Hyperparameter(
                    "max_features",
                    "sqrt|log2|all|share",
                    "sqrt (classification), all (regression)",
                    "features considered at each split"),
            new Hyperparameter(
                    "sample",
                    "number in (0, 1]",
                    "0.632",
                    "share of rows each tree is grown on (the share a bootstrap sample covers)"),
            new Hyperparameter("min_child_weight", "number ≥ 0", "1", "minimum sum of row weights (hessian) in a leaf"),
            new Hyperparameter("class_weight", "none|balanced", "none", "weight classes inversely to their frequency"),
            new Hyperparameter("n_jobs", "integer ≥ 0", "0", "threads (0: one per core)"));

    @Override
    public String name() {
        return "random_forest";
    }

    @Override
    public String description() {
        return "random forest (XGBoost random-forest mode)";
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
                p.integer("max_depth", 0),
                p.string("max_features", "auto").toLowerCase(java.util.Locale.ROOT),
                p.number("sample", 0.632),
                p.number("min_child_weight", 1),
                p.choice("class_weight", "none", List.of("none", "balanced")),
                p.integer("n_jobs", 0));
        Checks.atLeast(p, "n_estimators", o.nEstimators(), 1);
        Checks.atLeast(p, "max_depth", o.maxDepth(), 0);
        Checks.share(p, "sample", o.sample());
        Checks.atLeast(p, "min_child_weight", o.minChildWeight(), 0);
        Checks.atLeast(p, "n_jobs", o.nThread(), 0);
        if (!List.of("auto", "sqrt", "log2", "all").contains(o.maxFeatures())) {
            Checks.share(p, "max_features", p.number("max_features", 1));
        }
        return o;
    }

    /** The share of features tried per split for {@code width} features. */
    static double featureShare(String maxFeatures, int width, Task task) {
        return switch (maxFeatures) {
            case "auto" -> task == Task.CLASSIFICATION ? Math.sqrt(width) / width : 1.0;
            case "sqrt" -> Math.sqrt(width) / width;
            case "log2" -> Math.max(1, Math.log(width) / Math.log(2)) / width;
            case "all" -> 1.0;
            default -> Double.parseDouble(maxFeatures);
        };
    }

    @Override
    public Estimator fit(TrainingData data, Options o, long seed) {
        var params = boosterParams(o, data.x().width(), data.task(), seed);
        return XGBoostEstimator.train(ClassWeights.apply(data, o.classWeight()), params, 1);
    }

    /** XGBoost's settings for a forest of {@code o} over {@code features} columns. */
    static Map<String, Object> boosterParams(Options o, int features, Task task, long seed) {
        int width = Math.max(1, features);
        var params = new HashMap<String, Object>();
        params.put("tree_method", "hist");
        params.put("num_parallel_tree", o.nEstimators());
        params.put("eta", 1.0);
        params.put("subsample", o.sample());
        params.put(
                "colsample_bynode", Math.min(1.0, Math.max(1.0 / width, featureShare(o.maxFeatures(), width, task))));
        params.put("min_child_weight", o.minChildWeight());
        params.put("lambda", 1e-6);
        params.put("seed", seed);
        if (o.maxDepth() == 0 && task == Task.REGRESSION) {
            // leaf-by-leaf growth to purity on a continuous target makes thousands of one-row leaves per tree, and
            // XGBoost grows those one at a time: over 14 minutes for 10,000 rows (superstore profit) where level by
            // level, at most REGRESSION_DEPTH deep, takes 20 s for the same R².
            params.put("max_depth", REGRESSION_DEPTH);
        } else if (o.maxDepth() == 0) {
            params.put("max_depth", 0);
            params.put("grow_policy", "lossguide");
            params.put("max_leaves", 0);
        } else {
            params.put("max_depth", o.maxDepth());
        }
        if (o.nThread() > 0) {
            params.put("nthread", o.nThread());
        }
        return params;
    }

    @Override
    public Estimator load(SavedEstimator saved, Options options, Shape shape) {
        return XGBoostEstimator.load(saved, shape.task(), shape.classes(), shape.features());
    }
}
