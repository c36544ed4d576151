package io.assay.anomaly;

import io.assay.core.pipeline.Features;
import io.assay.core.pipeline.Pipeline;
import io.assay.ml.Hyperparameter;
import io.assay.ml.Params;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Local outlier factor (Breunig, Kriegel, Ng and Sander, 2000) with exact neighbours: a row is anomalous when its
 * neighbourhood is much sparser than its neighbours' own neighbourhoods. As scikit-learn's {@code
 * LocalOutlierFactor(novelty=True)}: the training rows' factors leave each row out of its own neighbourhood, new rows
 * are compared with the training rows, the score is the factor itself (about 1 for ordinary rows). Smile has no LOF;
 * its KD-tree (or a blocked brute force in many dimensions, see {@link Neighbours}) finds the neighbours. The model
 * keeps its training rows, which is what a saved LOF weighs. Rows are explained by substituting typical values.
 */
final class LofDetector implements Detector<LofDetector.Options> {

    /**
     * @param neighbours k, the size of a row's neighbourhood
     * @param scaling how features are rescaled first
     */
    record Options(int neighbours, Pipeline.Scaling scaling) {}

    static final List<Hyperparameter> PARAMS = List.of(
            new Hyperparameter("n_neighbors", "integer 1..1000", "20", "neighbourhood size k"),
            Scalings.parameter("minmax"));

    /** Added to mean reachability distances, as scikit-learn does, so that duplicate rows do not divide by zero. */
    private static final double EPSILON = 1e-10;

    @Override
    public String name() {
        return "lof";
    }

    @Override
    public String description() {
        return "local outlier factor with exact k nearest neighbours; explains by substituting typical values";
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        return PARAMS;
    }

    @Override
    public Options options(Map<String, String> given) {
        var p = Params.of(name(), given, PARAMS);
        int k = p.integer("n_neighbors", 20);
        if (k < 1 || k > 1000) {
            throw p.bad("n_neighbors", k, "must be between 1 and 1000");
        }
        return new Options(k, Scalings.parse(p, "minmax"));
    }

    @Override
    public Map<String, Object> parameters(Options o) {
        var m = new java.util.LinkedHashMap<String, Object>();
        m.put("n_neighbors", o.neighbours());
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

    /**
     * @param rows the training rows (features)
     * @param kDistance per training row, the distance to its k-th neighbour
     * @param density per training row, its local reachability density
     */
    record State(int k, double[][] rows, double[] kDistance, double[] density) {}

    @Override
    public Fit fit(Features x, Options o, long seed) {
        double[][] rows = x.toRows();
        int n = rows.length;
        int k = Math.max(1, Math.min(o.neighbours(), n - 1));
        var neighbours = new Neighbours(rows);
        var found = neighbours.ofReference(k);
        double[] kDistance = new double[n];
        for (int i = 0; i < n; i++) {
            kDistance[i] = java.util.Arrays.stream(found.distance()[i]).max().orElse(0);
        }
        double[] density = new double[n];
        for (int i = 0; i < n; i++) {
            density[i] = density(found.index()[i], found.distance()[i], kDistance);
        }
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            scores[i] = factor(found.index()[i], density[i], density);
        }
        var model = new Model(new State(k, rows, kDistance, density), neighbours);
        return new Fit(model, scores);
    }

    @Override
    public Detector.Model load(JsonNode state, Options options, int features) {
        State s = States.read(state, State.class);
        SavedState.matrix(s.rows(), features, "the training rows");
        int n = s.rows().length;
        SavedState.range(s.k(), 1, n, "the neighbourhood size k");
        SavedState.length(SavedState.finite(s.kDistance(), "the k-distances").length, n, "the k-distances");
        SavedState.length(SavedState.finite(s.density(), "the densities").length, n, "the densities");
        for (int i = 0; i < n; i++) {
            SavedState.require(
                    s.kDistance()[i] >= 0 && s.density()[i] > 0,
                    "row " + i + " has a negative distance" + " or a density that is not positive");
        }
        return new Model(s, new Neighbours(s.rows()));
    }

    private static double density(int[] index, double[] distance, double[] kDistance) {
        double sum = 0;
        for (int j = 0; j < index.length; j++) {
            sum += Math.max(kDistance[index[j]], distance[j]);
        }
        return 1 / (sum / index.length + EPSILON);
    }

    private static double factor(int[] index, double own, double[] density) {
        double sum = 0;
        for (int j : index) {
            sum += density[j];
        }
        return sum / index.length / own;
    }

    private record Model(State s, Neighbours neighbours) implements Detector.Model {

        @Override
        public double[] score(Features x) {
            var found = neighbours.of(x.toRows(), s.k());
            double[] out = new double[x.rows()];
            for (int i = 0; i < out.length; i++) {
                double own = density(found.index()[i], found.distance()[i], s.kDistance());
                out[i] = factor(found.index()[i], own, s.density());
            }
            return out;
        }

        @Override
        public State state() {
            return s;
        }
    }
}
