package io.assay.ml.zoo;

import io.assay.ml.Estimator;
import io.assay.ml.Hyperparameter;
import io.assay.ml.Params;
import io.assay.ml.SavedEstimator;
import io.assay.ml.Task;
import io.assay.ml.Trainer;
import io.assay.ml.TrainingData;
import io.assay.ml.metrics.ClusteringMetrics;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import smile.clustering.DBSCAN;
import smile.neighbor.KDTree;

/**
 * DBSCAN (Smile). When {@code eps} is not given it is read off the k-distance curve: the distance of each row
 * (a sample of at most 5,000) to its {@code min_samples}-th neighbour, sorted; eps is the knee, the point farthest
 * from the line joining the curve's ends (the "kneedle" rule).
 */
final class DbscanTrainer implements Trainer<DbscanTrainer.Options> {

    /**
     * @param eps neighbourhood radius (0: from the k-distance knee)
     * @param minSamples neighbours (the row included) that make a core point
     */
    record Options(double eps, int minSamples) {}

    static final List<Hyperparameter> PARAMS = List.of(
            new Hyperparameter(
                    "eps", "number > 0 | auto", "auto", "neighbourhood radius; auto reads it off the k-distance knee"),
            new Hyperparameter(
                    "min_samples",
                    "integer ≥ 2",
                    "5",
                    "points within eps, the point itself included, that make a core point (as scikit-learn's)"));

    @Override
    public String name() {
        return "dbscan";
    }

    @Override
    public String description() {
        return "density-based clustering with noise; eps from the k-distance knee when not given (Smile)";
    }

    @Override
    public Set<Task> tasks() {
        return Set.of(Task.CLUSTERING);
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
        double eps = p.string("eps", "auto").equalsIgnoreCase("auto") ? 0 : p.number("eps", 0);
        var o = new Options(eps, p.integer("min_samples", 5));
        if (p.has("eps") && eps == 0) {
            Checks.positive(p, "eps", eps);
        }
        Checks.atLeast(p, "min_samples", o.minSamples(), 2);
        return o;
    }

    /** The knee of the sorted k-distance curve of a sample of {@code x}. */
    static double kneeEps(double[][] x, int k, long seed) {
        int[] sample = ClusteringMetrics.sampleRows(x.length, 5000, seed);
        double[][] sx = new double[sample.length][];
        for (int i = 0; i < sample.length; i++) {
            sx[i] = x[sample[i]];
        }
        var tree = KDTree.of(sx);
        double[] d = new double[sx.length];
        int neighbours = Math.min(k, sx.length - 1);
        for (int i = 0; i < sx.length; i++) {
            var found = tree.search(sx[i], neighbours + 1); // includes the row itself
            double far = 0;
            for (var n : found) {
                far = Math.max(far, n.distance());
            }
            d[i] = far;
        }
        Arrays.sort(d);
        int n = d.length;
        if (n < 3 || d[n - 1] == d[0]) {
            return Math.max(d[n - 1], 1e-9);
        }
        double best = -1;
        int knee = n - 1;
        for (int i = 0; i < n; i++) {
            double xi = (double) i / (n - 1);
            double yi = (d[i] - d[0]) / (d[n - 1] - d[0]);
            double gap = xi - yi; // distance below the diagonal of a convex, increasing curve
            if (gap > best) {
                best = gap;
                knee = i;
            }
        }
        return Math.max(d[knee], 1e-9);
    }

    @Override
    public Estimator fit(TrainingData data, Options o, long seed) {
        double[][] x = data.x().toRows();
        double eps = o.eps() > 0 ? o.eps() : kneeEps(x, o.minSamples(), seed);
        // Smile counts a point's neighbours without the point itself
        var model = DBSCAN.fit(x, o.minSamples() - 1, eps);
        return new SmileEstimators.Density(model);
    }

    @Override
    public Estimator load(SavedEstimator saved, Options options, Shape shape) {
        @SuppressWarnings("unchecked")
        DBSCAN<double[]> model = JavaSerialized.load(saved, DBSCAN.class);
        return new SmileEstimators.Density(model);
    }
}
