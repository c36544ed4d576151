package io.assay.ml.zoo;

import io.assay.core.json.Json;
import io.assay.core.pipeline.Features;
import io.assay.ml.Estimator;
import io.assay.ml.Hyperparameter;
import io.assay.ml.Params;
import io.assay.ml.SavedEstimator;
import io.assay.ml.Task;
import io.assay.ml.Trainer;
import io.assay.ml.TrainingData;
import io.assay.ml.metrics.ClusteringMetrics;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import smile.clustering.KMeans;

/**
 * k-means (Smile: k-means++ seeding, Lloyd iterations, best of several runs). When {@code k} is {@code auto}, every
 * k from {@code k_min} to {@code k_max} is fitted and the one with the highest silhouette (on a sample of at most
 * 2,000 rows) is kept. Saved as its centroids; a row belongs to the nearest one.
 */
final class KMeansTrainer implements Trainer<KMeansTrainer.Options> {

    /**
     * @param k clusters, or 0 for automatic choice by silhouette
     * @param kMin smallest k tried
     * @param kMax largest k tried
     * @param maxIter Lloyd iterations
     * @param runs restarts (the lowest distortion is kept)
     */
    record Options(int k, int kMin, int kMax, int maxIter, int runs) {}

    static final List<Hyperparameter> PARAMS = List.of(
            new Hyperparameter("k", "integer ≥ 2 | auto", "auto", "number of clusters; auto picks it by silhouette"),
            new Hyperparameter("k_min", "integer ≥ 2", "2", "smallest k tried when k is auto"),
            new Hyperparameter("k_max", "integer ≥ k_min", "10", "largest k tried when k is auto"),
            new Hyperparameter("max_iter", "integer ≥ 1", "300", "iterations per run"),
            new Hyperparameter("runs", "integer ≥ 1", "10", "restarts; the lowest distortion is kept"));

    /** Centroids, for the registry. */
    record State(List<List<Double>> centroids) {}

    @Override
    public String name() {
        return "kmeans";
    }

    @Override
    public String description() {
        return "k-means clustering, k given or chosen by silhouette (Smile)";
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
        int k = p.string("k", "auto").equalsIgnoreCase("auto") ? 0 : p.integer("k", 0);
        var o = new Options(
                k, p.integer("k_min", 2), p.integer("k_max", 10), p.integer("max_iter", 300), p.integer("runs", 10));
        if (k != 0) {
            Checks.atLeast(p, "k", k, 2);
        }
        Checks.atLeast(p, "k_min", o.kMin(), 2);
        Checks.atLeast(p, "k_max", o.kMax(), o.kMin());
        Checks.atLeast(p, "max_iter", o.maxIter(), 1);
        Checks.atLeast(p, "runs", o.runs(), 1);
        return o;
    }

    @Override
    public Estimator fit(TrainingData data, Options o, long seed) {
        double[][] x = data.x().toRows();
        if (o.k() > 0) {
            return new Centroids(run(x, Math.min(o.k(), x.length), o, seed));
        }
        int[] sample = ClusteringMetrics.sampleRows(x.length, 2000, seed);
        double[][] sx = new double[sample.length][];
        for (int i = 0; i < sample.length; i++) {
            sx[i] = x[sample[i]];
        }
        Centroids best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int k = o.kMin(); k <= Math.min(o.kMax(), x.length - 1); k++) {
            var c = new Centroids(run(x, k, o, seed));
            int[] labels = new int[sx.length];
            for (int i = 0; i < sx.length; i++) {
                labels[i] = c.nearest(sx[i]);
            }
            double s = ClusteringMetrics.silhouette(sx, labels);
            if (s > bestScore) {
                bestScore = s;
                best = c;
            }
        }
        return best;
    }

    private static double[][] run(double[][] x, int k, Options o, long seed) {
        double[][] best = null;
        double bestDistortion = Double.POSITIVE_INFINITY;
        for (int r = 0; r < o.runs(); r++) {
            Seeds.smile(seed + r);
            var c = KMeans.fit(x, k, o.maxIter());
            if (c.distortion() < bestDistortion) {
                bestDistortion = c.distortion();
                best = c.centers();
            }
        }
        return best;
    }

    @Override
    public Estimator load(SavedEstimator saved, Options options, Shape shape) {
        var s = Json.read(new String(saved.bytes(), StandardCharsets.UTF_8), State.class);
        return new Centroids(s.centroids().stream()
                .map(l -> l.stream().mapToDouble(Double::doubleValue).toArray())
                .toArray(double[][]::new));
    }

    /** Cluster = nearest centroid (squared Euclidean distance). */
    record Centroids(double[][] centers) implements Estimator {

        int nearest(double[] row) {
            int best = 0;
            double bestD = Double.POSITIVE_INFINITY;
            for (int c = 0; c < centers.length; c++) {
                double d = 0;
                for (int f = 0; f < row.length; f++) {
                    double diff = row[f] - centers[c][f];
                    d += diff * diff;
                }
                if (d < bestD) {
                    bestD = d;
                    best = c;
                }
            }
            return best;
        }

        @Override
        public double[] predict(Features x) {
            double[] out = new double[x.rows()];
            for (int r = 0; r < out.length; r++) {
                out[r] = nearest(x.row(r));
            }
            return out;
        }

        @Override
        public SavedEstimator save() {
            var state = new State(Arrays.stream(centers)
                    .map(c -> Arrays.stream(c).boxed().toList())
                    .toList());
            return new SavedEstimator(SavedEstimator.JSON, Json.write(state).getBytes(StandardCharsets.UTF_8));
        }
    }
}
