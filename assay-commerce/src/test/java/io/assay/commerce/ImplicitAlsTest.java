package io.assay.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.assay.core.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

class ImplicitAlsTest {

    /** A 6-user × 8-item matrix with counts, and random item factors. */
    static Interactions small() {
        var rng = new SplittableRandom(7);
        var users = new ArrayList<String>();
        var items = new ArrayList<String>();
        var values = new ArrayList<Float>();
        for (int u = 0; u < 6; u++) {
            for (int i = 0; i < 8; i++) {
                if (rng.nextDouble() < 0.45) {
                    users.add("u" + u);
                    items.add("i" + i);
                    values.add((float) (1 + rng.nextInt(4)));
                }
            }
        }
        float[] v = new float[values.size()];
        for (int j = 0; j < v.length; j++) {
            v[j] = values.get(j);
        }
        return Interactions.of(users, items, v);
    }

    @Test
    void conjugateGradientConvergesToTheExactLeastSquaresSolution() {
        Interactions m = small();
        int k = 5;
        double alpha = 2.0;
        double lambda = 0.3;
        var rng = new SplittableRandom(11);
        float[] y = new float[m.itemCount() * k];
        for (int j = 0; j < y.length; j++) {
            y[j] = (float) rng.nextGaussian();
        }
        float[] gram;
        try (var pool = new ForkJoinPool(1)) {
            gram = ImplicitAls.gram(pool, y, m.itemCount(), k);
        }
        for (int u = 0; u < m.userCount(); u++) {
            int s = m.rowPtr[u];
            int e = m.rowPtr[u + 1];
            // exact: (YᵀY + Σ α r y yᵀ + λ n I) x = Σ (1 + α r) y, by Cholesky in double precision
            double[] a = new double[k * k];
            double[] b = new double[k];
            for (int p = 0; p < k * k; p++) {
                a[p] = gram[p];
            }
            for (int j = s; j < e; j++) {
                int yo = m.cols[j] * k;
                double c1 = alpha * m.values[j];
                for (int p = 0; p < k; p++) {
                    b[p] += (1 + c1) * y[yo + p];
                    for (int q = 0; q < k; q++) {
                        a[p * k + q] += c1 * y[yo + p] * y[yo + q];
                    }
                }
            }
            for (int p = 0; p < k; p++) {
                a[p * k + p] += lambda * (e - s);
            }
            double[] exact = Cholesky.solve(a, b, k);
            // CG with k steps from zero solves a k-dimensional SPD system
            float[] x = new float[m.userCount() * k];
            ImplicitAls.solveRow(
                    m.rowPtr,
                    m.cols,
                    m.values,
                    y,
                    x,
                    u,
                    k,
                    gram,
                    alpha,
                    lambda,
                    k,
                    new float[k],
                    new float[k],
                    new float[k]);
            for (int p = 0; p < k; p++) {
                assertThat((double) x[u * k + p]).isCloseTo(exact[p], within(2e-3 * (1 + Math.abs(exact[p]))));
            }
        }
    }

    @Test
    void fewCgStepsStillReduceTheResidualOfAWarmStart() {
        Interactions m = small();
        var f1 = ImplicitAls.fit(m, 4, 1.0, 0.1, 1, 1, 1, 3, Progress.NONE);
        var f20 = ImplicitAls.fit(m, 4, 1.0, 0.1, 20, 3, 1, 3, Progress.NONE);
        // after many sweeps, observed entries score higher than unobserved ones on average
        assertThat(meanScore(m, f20, true)).isGreaterThan(meanScore(m, f20, false) + 0.2);
        assertThat(meanScore(m, f20, true)).isGreaterThan(meanScore(m, f1, true));
    }

    @Test
    void theResultDoesNotDependOnTheThreadCount() {
        Interactions m = small();
        var one = ImplicitAls.fit(m, 4, 1.0, 0.1, 5, 3, 1, 9, Progress.NONE);
        var two = ImplicitAls.fit(m, 4, 1.0, 0.1, 5, 3, 2, 9, Progress.NONE);
        assertThat(two.users()).containsExactly(one.users());
        assertThat(two.items()).containsExactly(one.items());
    }

    @Test
    void triplesAreSummedPerPair() {
        var m = Interactions.of(List.of("a", "a", "b"), List.of("x", "x", "y"), new float[] {1, 2, 5});
        assertThat(m.userCount()).isEqualTo(2);
        assertThat(m.nonZeros()).isEqualTo(2);
        assertThat(m.values).containsExactly(3f, 5f);
    }

    private static double meanScore(Interactions m, ImplicitAls.Factors f, boolean observed) {
        int k = f.k();
        double sum = 0;
        int n = 0;
        for (int u = 0; u < m.userCount(); u++) {
            var bought = java.util.Arrays.stream(m.itemsOf(u)).boxed().toList();
            for (int i = 0; i < m.itemCount(); i++) {
                if (bought.contains(i) == observed) {
                    sum += ImplicitAls.dot(f.users(), u * k, f.items(), i * k, k);
                    n++;
                }
            }
        }
        return sum / n;
    }
}
