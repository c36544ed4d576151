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
import smile.classification.LogisticRegression;

/**
 * Logistic regression, binary or multinomial. The L2 (and unpenalised) model is Smile's maximum-likelihood fit by
 * L-BFGS with {@code lambda = 1/C}, scikit-learn's convention. L1 and elastic-net penalties, and class weights, use
 * XGBoost's linear booster (coordinate descent), whose penalties are per row: {@code alpha = l1/(n C)}.
 */
final class LogisticRegressionTrainer implements Trainer<LogisticRegressionTrainer.Options> {

    /**
     * @param penalty {@code l2}, {@code l1}, {@code elasticnet} or {@code none}
     * @param c inverse regularisation strength (scikit-learn's {@code C})
     * @param l1Ratio share of L1 in the elastic net
     * @param maxIter solver iterations
     * @param tol solver tolerance
     * @param classWeight {@code none} or {@code balanced}
     */
    record Options(String penalty, double c, double l1Ratio, int maxIter, double tol, String classWeight) {}

    static final List<Hyperparameter> PARAMS = List.of(
            new Hyperparameter("penalty", "l2|l1|elasticnet|none", "l2", "regularisation of the coefficients"),
            new Hyperparameter("C", "number > 0", "1.0", "inverse regularisation strength, as scikit-learn's C"),
            new Hyperparameter("l1_ratio", "number in [0, 1]", "0.5", "share of L1 in the elastic net"),
            new Hyperparameter("max_iter", "integer ≥ 1", "500", "solver iterations"),
            new Hyperparameter("tol", "number > 0", "1e-5", "solver tolerance"),
            new Hyperparameter("class_weight", "none|balanced", "none", "weight classes inversely to their frequency"));

    @Override
    public String name() {
        return "logistic_regression";
    }

    @Override
    public String description() {
        return "logistic regression, binary or multinomial, L2 (Smile) or L1/elastic net (XGBoost linear)";
    }

    @Override
    public Set<Task> tasks() {
        return Set.of(Task.CLASSIFICATION);
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
        var lower = new HashMap<String, String>();
        given.forEach((k, v) -> lower.put(k.equals("C") ? "c" : k, v));
        var known = PARAMS.stream()
                .map(h ->
                        h.name().equals("C") ? new Hyperparameter("c", h.kind(), h.defaultValue(), h.description()) : h)
                .toList();
        var p = Params.of(name(), lower, known);
        var o = new Options(
                p.choice("penalty", "l2", List.of("l2", "l1", "elasticnet", "none")),
                p.number("c", 1.0),
                p.number("l1_ratio", 0.5),
                p.integer("max_iter", 500),
                p.number("tol", 1e-5),
                p.choice("class_weight", "none", List.of("none", "balanced")));
        Checks.positive(p, "C", o.c());
        Checks.fraction(p, "l1_ratio", o.l1Ratio());
        Checks.atLeast(p, "max_iter", o.maxIter(), 1);
        Checks.positive(p, "tol", o.tol());
        return o;
    }

    @Override
    public Estimator fit(TrainingData data, Options o, long seed) {
        boolean smile = (o.penalty().equals("l2") || o.penalty().equals("none"))
                && o.classWeight().equals("none");
        if (!smile) {
            return linearBooster(data, o, seed);
        }
        double lambda = o.penalty().equals("none") ? 0 : 1 / o.c();
        double[][] x = data.x().toRows();
        int[] y = data.labels();
        int k = data.classes().size();
        var options = new LogisticRegression.Options(lambda, o.tol(), o.maxIter());
        Seeds.smile(seed);
        if (k <= 2) {
            var model = LogisticRegression.binomial(x, y, options);
            double[] coef = model.coefficients(); // features, then intercept
            double[] w = java.util.Arrays.copyOf(coef, coef.length - 1);
            return LinearEstimator.of(new double[][] {w}, new double[] {coef[coef.length - 1]}, data.x(), true);
        }
        var model = LogisticRegression.multinomial(x, y, options);
        double[][] coef = model.coefficients(); // k-1 rows against the last class, each: features then intercept
        int width = data.x().width();
        double[][] w = new double[k][width];
        double[] b = new double[k];
        for (int c = 0; c < coef.length; c++) {
            System.arraycopy(coef[c], 0, w[c], 0, width);
            b[c] = coef[c][width];
        }
        return LinearEstimator.of(w, b, data.x(), true);
    }

    private Estimator linearBooster(TrainingData data, Options o, long seed) {
        int n = data.rows();
        double l1 = switch (o.penalty()) {
            case "l1" -> 1;
            case "elasticnet" -> o.l1Ratio();
            default -> 0;
        };
        double l2 = switch (o.penalty()) {
            case "l2" -> 1;
            case "elasticnet" -> 1 - o.l1Ratio();
            default -> 0;
        };
        var params = new HashMap<String, Object>();
        params.put("booster", "gblinear");
        params.put("updater", "coord_descent");
        params.put("feature_selector", "cyclic");
        params.put("eta", 1.0);
        params.put("alpha", l1 / (n * o.c()));
        params.put("lambda", l2 / (n * o.c()));
        params.put("tolerance", o.tol());
        params.put("seed", seed);
        return XGBoostEstimator.train(ClassWeights.apply(data, o.classWeight()), params, o.maxIter());
    }

    @Override
    public Estimator load(SavedEstimator saved, Options options, Shape shape) {
        return SavedEstimator.XGBOOST.equals(saved.format())
                ? XGBoostEstimator.load(saved, shape.task(), shape.classes(), shape.features())
                : LinearEstimator.load(saved);
    }
}
