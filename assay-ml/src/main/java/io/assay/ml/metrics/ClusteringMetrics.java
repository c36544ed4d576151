package io.assay.ml.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Clustering quality with scikit-learn's definitions: silhouette (mean over rows, computed on a seeded sample of at
 * most {@link #SILHOUETTE_SAMPLE} rows when there are more, as scikit-learn's {@code sample_size} does),
 * Davies–Bouldin (lower is better) and Calinski–Harabasz, plus cluster sizes and per-cluster profiles of the
 * original columns. Noise rows (cluster −1, DBSCAN) are counted and left out of the scores.
 */
public record ClusteringMetrics(
        long rows,
        int clusters,
        long noise,
        Double silhouette,
        Double daviesBouldin,
        Double calinskiHarabasz,
        Map<Integer, Long> sizes,
        List<ClusterProfile> profiles)
        implements Metrics {

    public static final int SILHOUETTE_SAMPLE = 5000;

    /** What one cluster's rows look like: means of numeric columns, most frequent value of the others. */
    public record ClusterProfile(int cluster, long size, Map<String, Double> means, Map<String, String> mostFrequent) {}

    public ClusteringMetrics {
        sizes = Map.copyOf(sizes);
        profiles = List.copyOf(profiles);
    }

    /**
     * @param x the features the clustering was computed on
     * @param labels cluster per row, −1 for noise
     * @param profiles per-cluster profiles of the original columns (may be empty)
     */
    public static ClusteringMetrics of(double[][] x, int[] labels, List<ClusterProfile> profiles, long seed) {
        var sizes = new TreeMap<Integer, Long>();
        long noise = 0;
        var keep = new ArrayList<Integer>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                noise++;
            } else {
                sizes.merge(labels[i], 1L, Long::sum);
                keep.add(i);
            }
        }
        double[][] kx = new double[keep.size()][];
        int[] kl = new int[keep.size()];
        for (int i = 0; i < kx.length; i++) {
            kx[i] = x[keep.get(i)];
            kl[i] = labels[keep.get(i)];
        }
        int k = sizes.size();
        Double silhouette = null, db = null, ch = null;
        if (k >= 2 && k < kx.length) {
            int[] sample = sampleRows(kx.length, SILHOUETTE_SAMPLE, seed);
            double[][] sx = new double[sample.length][];
            int[] sl = new int[sample.length];
            for (int i = 0; i < sample.length; i++) {
                sx[i] = kx[sample[i]];
                sl[i] = kl[sample[i]];
            }
            silhouette = silhouette(sx, sl);
            db = daviesBouldin(kx, kl);
            ch = calinskiHarabasz(kx, kl);
        }
        return new ClusteringMetrics(labels.length, k, noise, silhouette, db, ch, sizes, profiles);
    }

    /** All rows when there are at most {@code max}, else a seeded sample of {@code max} rows, in order. */
    public static int[] sampleRows(int n, int max, long seed) {
        if (n <= max) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        var rnd = new Random(seed);
        for (int i = 0; i < max; i++) {
            int j = i + rnd.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] out = java.util.Arrays.copyOf(idx, max);
        java.util.Arrays.sort(out);
        return out;
    }

    private static Map<Integer, Integer> index(int[] labels) {
        var ids = new TreeMap<Integer, Integer>();
        for (int l : labels) {
            ids.putIfAbsent(l, ids.size());
        }
        return ids;
    }

    /** Mean silhouette; rows alone in their cluster score 0 (scikit-learn). */
    public static double silhouette(double[][] x, int[] labels) {
        var ids = index(labels);
        int k = ids.size();
        int n = x.length;
        int[] lab = new int[n];
        int[] counts = new int[k];
        for (int i = 0; i < n; i++) {
            lab[i] = ids.get(labels[i]);
            counts[lab[i]]++;
        }
        if (k < 2) {
            return 0;
        }
        double total = 0;
        double[] sums = new double[k];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(sums, 0);
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    sums[lab[j]] += distance(x[i], x[j]);
                }
            }
            int own = lab[i];
            if (counts[own] <= 1) {
                continue;
            }
            double a = sums[own] / (counts[own] - 1);
            double b = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (c != own && counts[c] > 0) {
                    b = Math.min(b, sums[c] / counts[c]);
                }
            }
            double s = Math.max(a, b) == 0 ? 0 : (b - a) / Math.max(a, b);
            total += s;
        }
        return total / n;
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int f = 0; f < a.length; f++) {
            double d = a[f] - b[f];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    private static double[][] centroids(double[][] x, int[] lab, int k, int[] counts) {
        int width = x.length == 0 ? 0 : x[0].length;
        double[][] c = new double[k][width];
        for (int i = 0; i < x.length; i++) {
            for (int f = 0; f < width; f++) {
                c[lab[i]][f] += x[i][f];
            }
        }
        for (int j = 0; j < k; j++) {
            for (int f = 0; f < width; f++) {
                c[j][f] /= Math.max(1, counts[j]);
            }
        }
        return c;
    }

    static double daviesBouldin(double[][] x, int[] labels) {
        var ids = index(labels);
        int k = ids.size();
        int[] lab = new int[x.length];
        int[] counts = new int[k];
        for (int i = 0; i < x.length; i++) {
            lab[i] = ids.get(labels[i]);
            counts[lab[i]]++;
        }
        double[][] c = centroids(x, lab, k, counts);
        double[] scatter = new double[k];
        for (int i = 0; i < x.length; i++) {
            scatter[lab[i]] += distance(x[i], c[lab[i]]);
        }
        for (int j = 0; j < k; j++) {
            scatter[j] /= Math.max(1, counts[j]);
        }
        double sum = 0;
        for (int i = 0; i < k; i++) {
            double worst = 0;
            for (int j = 0; j < k; j++) {
                if (i != j) {
                    double d = distance(c[i], c[j]);
                    worst = Math.max(worst, d == 0 ? Double.POSITIVE_INFINITY : (scatter[i] + scatter[j]) / d);
                }
            }
            sum += worst;
        }
        return sum / k;
    }

    static double calinskiHarabasz(double[][] x, int[] labels) {
        var ids = index(labels);
        int k = ids.size();
        int n = x.length;
        int[] lab = new int[n];
        int[] counts = new int[k];
        for (int i = 0; i < n; i++) {
            lab[i] = ids.get(labels[i]);
            counts[lab[i]]++;
        }
        double[][] c = centroids(x, lab, k, counts);
        int width = n == 0 ? 0 : x[0].length;
        double[] mean = new double[width];
        for (double[] row : x) {
            for (int f = 0; f < width; f++) {
                mean[f] += row[f] / n;
            }
        }
        double between = 0;
        for (int j = 0; j < k; j++) {
            double d = distance(c[j], mean);
            between += counts[j] * d * d;
        }
        double within = 0;
        for (int i = 0; i < n; i++) {
            double d = distance(x[i], c[lab[i]]);
            within += d * d;
        }
        return within == 0 ? 1.0 : between * (n - k) / (within * (k - 1));
    }

    @Override
    public Map<String, Double> headline() {
        var m = new LinkedHashMap<String, Double>();
        m.put("clusters", (double) clusters);
        if (silhouette != null) {
            m.put("silhouette", silhouette);
        }
        if (daviesBouldin != null) {
            m.put("davies_bouldin", daviesBouldin);
        }
        if (calinskiHarabasz != null) {
            m.put("calinski_harabasz", calinskiHarabasz);
        }
        return m;
    }
}
