package io.assay.ml.zoo;

import io.assay.core.error.InternalException;
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
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.regression.ElasticNet;
import smile.regression.LASSO;
import smile.regression.LinearModel;
import smile.regression.OLS;
import smile.regression.RidgeRegression;

/**
 * Linear regression with Smile: ordinary least squares, ridge (L2), lasso (L1) or elastic net. {@code alpha} and
 * {@code l1_ratio} mean what they mean in scikit-learn (which scales the squared error by 1/(2n)), converted to
 * Smile's unscaled penalties, so that the same hyperparameters give the same model.
 */
final class LinearRegressionTrainer implements Trainer<LinearRegressionTrainer.Options> {

    /**
     * @param penalty {@code none}, {@code l2} (ridge), {@code l1} (lasso) or {@code elasticnet}
     * @param alpha penalty strength (scikit-learn's {@code alpha})
     * @param l1Ratio share of L1 in the elastic net (scikit-learn's {@code l1_ratio})
     * @param maxIter iterations of the lasso and elastic-net solvers
     * @param tol tolerance of those solvers
     */
    record Options(String penalty, double alpha, double l1Ratio, int maxIter, double tol) {}

    static final List<Hyperparameter> PARAMS = List.of(
            new Hyperparameter(
                    "penalty", "none|l2|l1|elasticnet", "none", "ordinary least squares, ridge, lasso or elastic net"),
            new Hyperparameter("alpha", "number > 0", "1.0", "penalty strength, as scikit-learn's alpha"),
            new Hyperparameter("l1_ratio", "number in [0, 1]", "0.5", "share of L1 in the elastic net"),
            new Hyperparameter("max_iter", "integer ≥ 1", "1000", "iterations of the lasso and elastic-net solvers"),
            new Hyperparameter("tol", "number > 0", "1e-4", "tolerance of the lasso and elastic-net solvers"));

    @Override
    public String name() {
        return "linear_regression";
    }

    @Override
    public String description() {
        return "linear regression: least squares, ridge, lasso or elastic net (Smile)";
    }

    @Override
    public Set<Task> tasks() {
        return Set.of(Task.REGRESSION);
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
                p.choice("penalty", "none", List.of("none", "l2", "l1", "elasticnet")),
                p.number("alpha", 1.0),
                p.number("l1_ratio", 0.5),
                p.integer("max_iter", 1000),
                p.number("tol", 1e-4));
        Checks.positive(p, "alpha", o.alpha());
        Checks.fraction(p, "l1_ratio", o.l1Ratio());
        Checks.atLeast(p, "max_iter", o.maxIter(), 1);
        Checks.positive(p, "tol", o.tol());
        return o;
    }

    @Override
    public Estimator fit(TrainingData data, Options o, long seed) {
        int n = data.rows();
        int width = data.x().width();
        double[][] rows = new double[n][width + 1];
        String[] names = new String[width + 1];
        for (int f = 0; f < width; f++) {
            names[f] = "f" + f;
        }
        names[width] = "target";
        for (int r = 0; r < n; r++) {
            for (int f = 0; f < width; f++) {
                rows[r][f] = data.x().get(r, f);
            }
            rows[r][width] = data.y()[r];
        }
        var frame = DataFrame.of(rows, names);
        var formula = Formula.lhs("target");
        LinearModel model;
        try {
            Seeds.smile(seed);
            model = switch (o.penalty()) {
                // SVD gives the minimum-norm solution when one-hot columns are collinear, as scikit-learn's lstsq does
                case "none" -> OLS.fit(formula, frame, new OLS.Options(OLS.Method.SVD, false, false));
                case "l2" -> RidgeRegression.fit(formula, frame, o.alpha());
                case "l1" -> LASSO.fit(formula, frame, new LASSO.Options(2.0 * n * o.alpha(), o.tol(), o.maxIter()));
                case "elasticnet" ->
                    ElasticNet.fit(
                            formula,
                            frame,
                            new ElasticNet.Options(
                                    2.0 * n * o.alpha() * o.l1Ratio(),
                                    n * o.alpha() * (1 - o.l1Ratio()),
                                    o.tol(),
                                    o.maxIter()));
                default -> throw new IllegalArgumentException(o.penalty());
            };
        } catch (UnsatisfiedLinkError | ExceptionInInitializerError | NoClassDefFoundError e) {
            throw new InternalException(
                    "linear regression needs OpenBLAS: run Assay through ./assay, or set LD_LIBRARY_PATH to a directory"
                            + " holding libopenblas.so (the build unpacks one into target/native)",
                    e);
        }
        var coefficients = model.coefficients();
        double[] w = new double[width];
        for (int f = 0; f < width; f++) {
            w[f] = coefficients.get(f);
        }
        return LinearEstimator.of(new double[][] {w}, new double[] {model.intercept()}, data.x(), false);
    }

    @Override
    public Estimator load(SavedEstimator saved, Options options, Shape shape) {
        return LinearEstimator.load(saved);
    }
}
