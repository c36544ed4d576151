package io.assay.anomaly;

import io.assay.core.pipeline.Features;
import io.assay.core.pipeline.Pipeline;
import io.assay.ml.Hyperparameter;
import io.assay.ml.Params;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import smile.anomaly.SVM;
import smile.math.kernel.GaussianKernel;
import smile.model.svm.KernelMachine;
import tools.jackson.databind.JsonNode;

/**
 * One-class SVM (Schölkopf et al., 2001) with a Gaussian kernel, fitted by Smile: a boundary around the bulk of the
 * training rows; the score is how far a row lies outside it (Smile's decision value, negated). {@code gamma} follows
 * scikit-learn: {@code auto} is 1 / features (PyOD's and ADBench's default), {@code scale} is 1 / (features × variance).
 * Fitting grows with the square of the rows, so at most {@code max_samples} rows (a seeded sample) are used. The
 * support vectors and their weights are saved as numbers. Rows are explained by substituting typical values.
 */
final class OneClassSvmDetector implements Detector<OneClassSvmDetector.Options> {

    /**
     * @param nu upper bound on the share of training rows outside the boundary
     * @param gamma the kernel width as {@code auto}, {@code scale} or a positive number
     * @param tolerance convergence tolerance of the solver
     * @param maxSamples rows the boundary is fitted on
     * @param scaling how features are rescaled first
     */
    record Options(double nu, String gamma, double tolerance, int maxSamples, Pipeline.Scaling scaling) {}

    static final List<Hyperparameter> PARAMS = List.of(
            new Hyperparameter("nu", "number in (0, 1]", "0.5", "upper bound on the share of rows outside"),
            new Hyperparameter(
                    "gamma", "auto, scale or number > 0", "auto", "RBF kernel coefficient: auto = 1/features"),
            new Hyperparameter("tol", "number > 0", "0.001", "solver tolerance"),
            new Hyperparameter(
                    "max_samples", "integer ≥ 10", "20000", "rows the boundary is fitted on (a seeded sample)"),
            Scalings.parameter("standard"));

    @Override
    public String name() {
        return "ocsvm";
    }

    @Override
    public String description() {
        return "one-class SVM, RBF kernel (Smile); explains by substituting typical values";
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        return PARAMS;
    }

    @Override
    public Options options(Map<String, String> given) {
        var p = Params.of(name(), given, PARAMS);
        var o = new Options(
                p.number("nu", 0.5),
                p.string("gamma", "auto").toLowerCase(java.util.Locale.ROOT),
                p.number("tol", 1e-3),
                p.integer("max_samples", 20_000),
                Scalings.parse(p, "standard"));
        if (!(o.nu() > 0 && o.nu() <= 1)) {
            throw p.bad("nu", o.nu(), "must be in (0, 1]");
        }
        if (!o.gamma().equals("auto") && !o.gamma().equals("scale")) {
            double g = p.number("gamma", 1);
            if (!(g > 0)) {
                throw p.bad("gamma", o.gamma(), "must be auto, scale or a positive number");
            }
        }
        if (!(o.tolerance() > 0 && o.tolerance() < 1)) {
            throw p.bad("tol", o.tolerance(), "must be between 0 and 1");
        }
        if (o.maxSamples() < 10) {
            throw p.bad("max_samples", o.maxSamples(), "must be at least 10");
        }
        return o;
    }

    @Override
    public Map<String, Object> parameters(Options o) {
        var m = new java.util.LinkedHashMap<String, Object>();
        m.put("nu", o.nu());
        m.put("gamma", o.gamma());
        m.put("tol", o.tolerance());
        m.put("max_samples", o.maxSamples());
        m.put("scaling", Scalings.label(o.scaling()));
        return m;
    }

    @Override
    public Class<Options> optionsType() {
        return Options.class;
    }

    @Override
    public Pipeline.Scaling scaling(Options options) {
        return options.scaling();
    }

    /** @param sigma the Gaussian kernel's width: k(x, y) = exp(-|x - y|² / (2 sigma²)) */
    record State(double sigma, double[][] vectors, double[] weights, double intercept, int trainedOn) {}

    @Override
    public Fit fit(Features x, Options o, long seed) {
        double[][] all = x.toRows();
        double[][] rows = all;
        if (all.length > o.maxSamples()) {
            int[] pick = IsolationForestDetector.sampleWithoutReplacement(
                    all.length, o.maxSamples(), new SplittableRandom(seed));
            java.util.Arrays.sort(pick);
            rows = new double[pick.length][];
            for (int i = 0; i < pick.length; i++) {
                rows[i] = all[pick[i]];
            }
        }
        double gamma = gamma(o.gamma(), rows);
        double sigma = Math.sqrt(1 / (2 * gamma));
        double[][] fitRows = rows;
        SVM<double[]> svm = SmileSeed.reproducibly(
                seed, () -> SVM.fit(fitRows, new GaussianKernel(sigma), new SVM.Options(o.nu(), o.tolerance())));
        var model = new Model(new State(sigma, svm.vectors(), svm.weights(), svm.intercept(), rows.length));
        return new Fit(model, model.score(all));
    }

    static double gamma(String spec, double[][] rows) {
        int d = rows[0].length;
        return switch (spec) {
            case "auto" -> 1.0 / d;
            case "scale" -> {
                double sum = 0;
                double sumSq = 0;
                long n = 0;
                for (double[] r : rows) {
                    for (double v : r) {
                        sum += v;
                        sumSq += v * v;
                        n++;
                    }
                }
                double var = sumSq / n - (sum / n) * (sum / n);
                yield var > 0 ? 1.0 / (d * var) : 1.0;
            }
            default -> Double.parseDouble(spec);
        };
    }

    @Override
    public Detector.Model load(JsonNode state, Options options, int features) {
        State s = States.read(state, State.class);
        SavedState.finite(s.sigma(), "the kernel width");
        SavedState.require(s.sigma() > 0, "the kernel width is " + s.sigma() + " (it must be positive)");
        SavedState.matrix(s.vectors(), features, "the support vectors");
        SavedState.length(SavedState.finite(s.weights(), "the weights").length, s.vectors().length, "the weights");
        SavedState.finite(s.intercept(), "the intercept");
        SavedState.require(s.trainedOn() >= 0, "it was trained on " + s.trainedOn() + " rows");
        return new Model(s);
    }

    private static final class Model implements Detector.Model {
        private final State s;
        private final KernelMachine<double[]> machine;

        Model(State s) {
            this.s = s;
            this.machine = new KernelMachine<>(new GaussianKernel(s.sigma()), s.vectors(), s.weights(), s.intercept());
        }

        @Override
        public double[] score(Features x) {
            return score(x.toRows());
        }

        double[] score(double[][] rows) {
            double[] out = new double[rows.length];
            IntStream.range(0, rows.length).parallel().forEach(i -> out[i] = -machine.score(rows[i]));
            return out;
        }

        @Override
        public State state() {
            return s;
        }
    }
}
