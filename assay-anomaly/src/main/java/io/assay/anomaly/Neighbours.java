package io.assay.anomaly;

import java.util.Arrays;
import java.util.stream.IntStream;
import smile.linalg.Transpose;
import smile.neighbor.KDTree;
import smile.neighbor.Neighbor;
import smile.tensor.DenseMatrix;
import smile.tensor.ScalarType;

/**
 * Exact k nearest neighbours (Euclidean) among reference rows: Smile's KD-tree in few dimensions, where it prunes
 * well; in more dimensions a blocked brute force whose distances come from one matrix product per block (Smile's
 * {@code DenseMatrix.mm}, OpenBLAS {@code dgemm}), with the best candidates' distances then recomputed exactly so that
 * duplicates stay at distance 0. A query that is itself a reference row does not count itself as its own neighbour.
 */
final class Neighbours {

    /** Up to this many dimensions the KD-tree is used. */
    static final int KD_TREE_MAX_DIMENSIONS = 12;

    private static final int QUERY_BLOCK = 512;
    private static final int REFERENCE_BLOCK = 4096;

    /** Per query, its neighbours' reference indexes and distances, nearest first. */
    record Result(int[][] index, double[][] distance) {}

    private final double[][] reference;
    private final KDTree<double[]> tree;
    private final double[] norms;

    Neighbours(double[][] reference) {
        this.reference = reference;
        int d = reference.length == 0 ? 0 : reference[0].length;
        if (d <= KD_TREE_MAX_DIMENSIONS) {
            this.tree = new KDTree<>(reference, reference);
            this.norms = null;
        } else {
            this.tree = null;
            this.norms = new double[reference.length];
            for (int i = 0; i < reference.length; i++) {
                double s = 0;
                for (double v : reference[i]) {
                    s += v * v;
                }
                norms[i] = s;
            }
        }
    }

    /** The k nearest reference rows of each reference row, itself excluded. */
    Result ofReference(int k) {
        return search(reference, k, true);
    }

    /** The k nearest reference rows of each query row. */
    Result of(double[][] queries, int k) {
        return search(queries, k, false);
    }

    private Result search(double[][] queries, int k, boolean self) {
        int[][] index = new int[queries.length][];
        double[][] distance = new double[queries.length][];
        if (tree != null) {
            IntStream.range(0, queries.length).parallel().forEach(q -> {
                // a reference row passed as itself is skipped by the tree (identity), as a self-query must be
                Neighbor<double[], double[]>[] found = tree.search(queries[q], k);
                index[q] = new int[found.length];
                distance[q] = new double[found.length];
                for (int j = 0; j < found.length; j++) {
                    index[q][j] = found[j].index();
                    distance[q][j] = found[j].distance();
                }
            });
            return new Result(index, distance);
        }
        for (int from = 0; from < queries.length; from += QUERY_BLOCK) {
            int to = Math.min(queries.length, from + QUERY_BLOCK);
            bruteForce(queries, from, to, k, self, index, distance);
        }
        return new Result(index, distance);
    }

    private void bruteForce(
            double[][] queries, int from, int to, int k, boolean self, int[][] index, double[][] distance) {
        int b = to - from;
        int d = reference[0].length;
        int candidates = Math.min(reference.length, 2 * k + 2);
        DenseMatrix q = DenseMatrix.zeros(ScalarType.Float64, b, d);
        double[] qa = array(q);
        int ldq = q.ld();
        double[] qNorm = new double[b];
        for (int i = 0; i < b; i++) {
            double[] row = queries[from + i];
            for (int j = 0; j < d; j++) {
                qa[j * ldq + i] = row[j];
                qNorm[i] += row[j] * row[j];
            }
        }
        // per query: a max-heap of the best candidates by approximate squared distance
        double[][] heapD = new double[b][candidates];
        int[][] heapI = new int[b][candidates];
        int[] heapSize = new int[b];
        for (int rFrom = 0; rFrom < reference.length; rFrom += REFERENCE_BLOCK) {
            int rTo = Math.min(reference.length, rFrom + REFERENCE_BLOCK);
            int m = rTo - rFrom;
            DenseMatrix r = DenseMatrix.zeros(ScalarType.Float64, m, d);
            double[] ra = array(r);
            int ldr = r.ld();
            for (int i = 0; i < m; i++) {
                double[] row = reference[rFrom + i];
                for (int j = 0; j < d; j++) {
                    ra[j * ldr + i] = row[j];
                }
            }
            DenseMatrix dot = DenseMatrix.zeros(ScalarType.Float64, b, m);
            DenseMatrix.mm(1.0, Transpose.NO_TRANSPOSE, q, Transpose.TRANSPOSE, r, 0.0, dot);
            double[] da = array(dot);
            int ldd = dot.ld();
            final int base = rFrom;
            IntStream.range(0, b).parallel().forEach(i -> {
                int query = from + i;
                for (int j = 0; j < m; j++) {
                    int ref = base + j;
                    if (self && ref == query) {
                        continue;
                    }
                    double d2 = qNorm[i] + norms[ref] - 2 * da[j * ldd + i];
                    offer(heapD[i], heapI[i], heapSize, i, d2, ref);
                }
            });
        }
        IntStream.range(0, b).parallel().forEach(i -> {
            double[] qRow = queries[from + i];
            int size = heapSize[i];
            Integer[] order = new Integer[size];
            double[] exact = new double[size];
            for (int j = 0; j < size; j++) {
                order[j] = j;
                exact[j] = euclidean(qRow, reference[heapI[i][j]]);
            }
            Arrays.sort(
                    order,
                    (x, y) -> exact[x] != exact[y]
                            ? Double.compare(exact[x], exact[y])
                            : Integer.compare(heapI[i][x], heapI[i][y]));
            int kk = Math.min(k, size);
            index[from + i] = new int[kk];
            distance[from + i] = new double[kk];
            for (int j = 0; j < kk; j++) {
                index[from + i][j] = heapI[i][order[j]];
                distance[from + i][j] = exact[order[j]];
            }
        });
    }

    /** Adds a candidate to query {@code q}'s bounded max-heap (largest distance at the root). */
    private static void offer(double[] hd, int[] hi, int[] sizes, int q, double d2, int ref) {
        int size = sizes[q];
        if (size < hd.length) {
            int c = size++;
            hd[c] = d2;
            hi[c] = ref;
            while (c > 0) {
                int p = (c - 1) / 2;
                if (hd[p] >= hd[c]) {
                    break;
                }
                swap(hd, hi, p, c);
                c = p;
            }
            sizes[q] = size;
            return;
        }
        if (d2 >= hd[0]) {
            return;
        }
        hd[0] = d2;
        hi[0] = ref;
        int c = 0;
        while (true) {
            int l = 2 * c + 1;
            if (l >= size) {
                break;
            }
            int big = l + 1 < size && hd[l + 1] > hd[l] ? l + 1 : l;
            if (hd[c] >= hd[big]) {
                break;
            }
            swap(hd, hi, c, big);
            c = big;
        }
    }

    private static void swap(double[] hd, int[] hi, int a, int b) {
        double t = hd[a];
        hd[a] = hd[b];
        hd[b] = t;
        int u = hi[a];
        hi[a] = hi[b];
        hi[b] = u;
    }

    static double euclidean(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double t = a[j] - b[j];
            s += t * t;
        }
        return Math.sqrt(s);
    }

    private static double[] array(DenseMatrix m) {
        Object base = m.memory().heapBase().orElse(null);
        if (!(base instanceof double[] a)) {
            throw new io.assay.core.error.InternalException(
                    "Smile returned a matrix that is not backed by a double array", null);
        }
        return a;
    }
}
