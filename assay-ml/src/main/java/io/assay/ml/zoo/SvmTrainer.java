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
import smile.classification.Classifier;
import smile.classification.OneVersusRest;
import smile.classification.PlattScaling;
import smile.math.kernel.GaussianKernel;
import smile.math.kernel.LinearKernel;
import smile.math.kernel.MercerKernel;
import smile.model.svm.LASVM;

/**
 * Support vector machines with Smile: C-SVC (one-versus-rest for several classes, probabilities by Platt scaling)
 * and epsilon-SVR, with a linear or RBF kernel. {@code gamma} is scikit-learn's: {@code scale} = 1 / (features ·
 * variance of the features), {@code auto} = 1 / features. Kernel machines grow with the square of the rows; train
 * on samples of large tables.
 */
final class SvmTrainer implements Trainer<SvmTrainer.Options> {

    /**
     * @param kernel {@code rbf} or {@code linear}
     * @param c soft-margin penalty
     * @param gamma RBF width: {@code scale}, {@code auto} or a number
     * @param epsilon width of the insensitive tube (regression)
     * @param tol solver tolerance
     * @param epochs passes over the data
     * @param classWeight {@code none} or {@code balanced}: the soft-margin penalty of each class scaled by {@code n / (2
     *     · n_class)} in each two-class problem, as scikit-learn's {@code SVC(class_weight="balanced")} scales C (null
     *     in models saved before it existed: none)
     */
    record Options(String kernel, double c, String gamma, double epsilon, double tol, int epochs, String classWeight) {}

    static final List<Hyperparameter> PARAMS = List.of(
            new Hyperparameter("kernel", "rbf|linear", "rbf", "kernel function"),
            new Hyperparameter("C", "number > 0", "1.0", "soft-margin penalty"),
            new Hyperparameter("gamma", "scale|auto|number > 0", "scale", "RBF kernel width, as scikit-learn's gamma"),
            new Hyperparameter("epsilon", "number ≥ 0", "0.1", "insensitive tube of the regression SVM"),
            new Hyperparameter("tol", "number > 0", "1e-3", "solver tolerance"),
            new Hyperparameter("epochs", "integer ≥ 1", "2", "passes over the training data"),
            new Hyperparameter(
                    "class_weight",
                    "none|balanced",
                    "none",
                    "scale each class's soft-margin penalty inversely to its frequency (classification)"));

    @Override
    public String name() {
        return "svm";
    }

    @Override
    public String description() {
        return "support vector machine, linear or RBF kernel (Smile)";
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
        var p = Params.of(
                name(),
                given,
                PARAMS.stream()
                        .map(h -> h.name().equals("C")
                                ? new Hyperparameter("c", h.kind(), h.defaultValue(), h.description())
                                : h)
                        .toList());
        var o = new Options(
                p.choice("kernel", "rbf", List.of("rbf", "linear")),
                p.number("c", 1.0),
                p.string("gamma", "scale").toLowerCase(java.util.Locale.ROOT),
                p.number("epsilon", 0.1),
                p.number("tol", 1e-3),
                p.integer("epochs", 2),
                p.choice("class_weight", "none", List.of("none", "balanced")));
        Checks.positive(p, "C", o.c());
        Checks.atLeast(p, "epsilon", o.epsilon(), 0);
        Checks.positive(p, "tol", o.tol());
        Checks.atLeast(p, "epochs", o.epochs(), 1);
        if (!o.gamma().equals("scale") && !o.gamma().equals("auto")) {
            Checks.positive(p, "gamma", p.number("gamma", 1));
        }
        return o;
    }

    static double gamma(String gamma, double[][] x) {
        int width = x.length == 0 ? 1 : Math.max(1, x[0].length);
        return switch (gamma) {
            case "auto" -> 1.0 / width;
            case "scale" -> {
                double s = 0;
                double ss = 0;
                long n = 0;
                for (double[] row : x) {
                    for (double v : row) {
                        s += v;
                        ss += v * v;
                        n++;
                    }
                }
                double var = n == 0 ? 0 : ss / n - (s / n) * (s / n);
                yield var > 0 ? 1.0 / (width * var) : 1.0;
            }
            default -> Double.parseDouble(gamma);
        };
    }

    private static MercerKernel<double[]> kernel(Options o, double[][] x) {
        if (o.kernel().equals("linear")) {
            return new LinearKernel();
        }
        double g = gamma(o.gamma(), x);
        return new GaussianKernel(Math.sqrt(1 / (2 * g)));
    }

    @Override
    public Estimator fit(TrainingData data, Options o, long seed) {
        double[][] x = data.x().toRows();
        var kernel = kernel(o, x);
        Seeds.smile(seed);
        if (data.task() == Task.REGRESSION) {
            var model = smile.regression.SVM.fit(
                    x, data.y(), kernel, new smile.regression.SVM.Options(o.epsilon(), o.c(), o.tol()));
            return new SmileEstimators.Regressor(model);
        }
        int[] y = data.labels();
        int k = data.classes().size();
        Classifier<double[]> model;
        if (k <= 2) {
            int[] signs = new int[y.length];
            for (int i = 0; i < y.length; i++) {
                signs[i] = y[i] == 1 ? 1 : -1;
            }
            var svm = fit(x, signs, kernel, o);
            var platt = PlattScaling.fit(svm, x, signs);
            model = new BinarySvm(svm, platt);
        } else {
            model = OneVersusRest.fit(x, y, (xs, ys) -> fit(xs, ys, kernel, o));
        }
        return new SmileEstimators.Classification(model, Math.max(2, k));
    }

    /**
     * A two-class C-SVC on labels +1/−1: Smile's LASVM with the penalty C for both classes, as {@code SVM.fit} does, or
     * with each class's C scaled by {@code n / (2 · n_class)} for {@code class_weight=balanced}.
     */
    private static smile.classification.SVM<double[]> fit(
            double[][] x, int[] signs, MercerKernel<double[]> kernel, Options o) {
        double cp = o.c();
        double cn = o.c();
        if ("balanced".equals(o.classWeight())) {
            long positives = java.util.Arrays.stream(signs).filter(s -> s == 1).count();
            long negatives = signs.length - positives;
            if (positives > 0 && negatives > 0) {
                cp = o.c() * signs.length / (2.0 * positives);
                cn = o.c() * signs.length / (2.0 * negatives);
            }
        }
        var machine = new LASVM<>(kernel, cp, cn, o.tol()).fit(x, signs, o.epochs());
        return new smile.classification.SVM<>(
                machine.kernel(), machine.vectors(), machine.weights(), machine.intercept());
    }

    @Override
    public Estimator load(SavedEstimator saved, Options options, Shape shape) {
        if (shape.task() == Task.REGRESSION) {
            @SuppressWarnings("unchecked")
            smile.regression.Regression<double[]> model = JavaSerialized.load(saved, smile.regression.Regression.class);
            return new SmileEstimators.Regressor(model);
        }
        @SuppressWarnings("unchecked")
        Classifier<double[]> model = JavaSerialized.load(saved, Classifier.class);
        return new SmileEstimators.Classification(model, Math.max(2, shape.classes()));
    }
}
