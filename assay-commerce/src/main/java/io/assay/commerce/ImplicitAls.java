package io.assay.commerce;

import io.assay.core.Progress;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Implicit-feedback matrix factorisation (Hu, Koren, Volinsky 2008) solved by alternating least squares with a few
 * warm-started conjugate-gradient steps per row (Takács, Pilászy, Tikk 2011), as the {@code implicit} library does.
 * Confidence is {@code 1 + α·r} on observed entries and 1 elsewhere, preference 1 on observed entries; the ridge
 * term is {@code λ·n} for a row with {@code n} observed entries (ALS-WR, as Spark MLlib): with these conventions the
 * same α and λ mean the same thing here and in Spark. Rows are solved in parallel; the result is deterministic for a
 * seed whatever the thread count.
 */
final class ImplicitAls {

    /** User factors (users × k) and item factors (items × k), row-major. */
    record Factors(int k, float[] users, float[] items) {}

    private ImplicitAls() {}

    static Factors fit(
            Interactions m,
            int k,
            double alpha,
            double lambda,
            int iterations,
            int cgSteps,
            int threads,
            long seed,
            Progress progress) {
        int nu = m.userCount();
        int ni = m.itemCount();
        Interactions.Csr t = m.transpose();
        var rng = new SplittableRandom(seed);
        float[] x = new float[nu * k];
        float[] y = new float[ni * k];
        for (int j = 0; j < x.length; j++) {
            x[j] = (float) (rng.nextDouble() * 0.01);
        }
        for (int j = 0; j < y.length; j++) {
            y[j] = (float) (rng.nextDouble() * 0.01);
        }
        int parallelism = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        try (var pool = new ForkJoinPool(parallelism)) {
            for (int it = 0; it < iterations; it++) {
                solve(pool, m.rowPtr, m.cols, m.values, y, ni, x, nu, k, alpha, lambda, cgSteps);
                solve(pool, t.ptr(), t.cols(), t.values(), x, nu, y, ni, k, alpha, lambda, cgSteps);
                progress.update("training", (it + 1.0) / iterations);
            }
        }
        return new Factors(k, x, y);
    }

    /** One half-iteration: every row of {@code target} given the fixed factors. */
    static void solve(
            ForkJoinPool pool,
            int[] ptr,
            int[] cols,
            float[] vals,
            float[] fixed,
            int nFixed,
            float[] target,
            int nTarget,
            int k,
            double alpha,
            double lambda,
            int cgSteps) {
        float[] gram = gram(pool, fixed, nFixed, k);
        int chunk = 64;
        int chunks = (nTarget + chunk - 1) / chunk;
        pool.submit(() -> IntStream.range(0, chunks).parallel().forEach(c -> {
                    float[] r = new float[k];
                    float[] p = new float[k];
                    float[] ap = new float[k];
                    int end = Math.min(nTarget, (c + 1) * chunk);
                    for (int u = c * chunk; u < end; u++) {
                        solveRow(ptr, cols, vals, fixed, target, u, k, gram, alpha, lambda, cgSteps, r, p, ap);
                    }
                }))
                .join();
    }

    /** CG on (YᵀY + Σ α r y yᵀ + λ n I) x = Σ (1 + α r) y, warm-started at the current x. */
    static void solveRow(
            int[] ptr,
            int[] cols,
            float[] vals,
            float[] y,
            float[] target,
            int u,
            int k,
            float[] gram,
            double alpha,
            double lambda,
            int cgSteps,
            float[] r,
            float[] p,
            float[] ap) {
        int s = ptr[u];
        int e = ptr[u + 1];
        int xo = u * k;
        if (s == e) {
            java.util.Arrays.fill(target, xo, xo + k, 0f);
            return;
        }
        float reg = (float) (lambda * (e - s));
        // r = b - A x
        matvec(gram, target, xo, r, k, reg);
        for (int a = 0; a < k; a++) {
            r[a] = -r[a];
        }
        sparse(cols, vals, s, e, y, target, xo, r, k, (float) alpha, true);
        System.arraycopy(r, 0, p, 0, k);
        float rsold = dot(r, 0, r, 0, k);
        for (int step = 0; step < cgSteps; step++) {
            if (rsold < 1e-20f) {
                break;
            }
            matvec(gram, p, 0, ap, k, reg);
            if (alpha != 0) {
                sparse(cols, vals, s, e, y, p, 0, ap, k, (float) alpha, false);
            }
            float pap = dot(p, 0, ap, 0, k);
            if (!(pap > 0)) {
                break;
            }
            float step1 = rsold / pap;
            float rs0 = 0;
            float rs1 = 0;
            for (int a = 0; a + 1 < k; a += 2) {
                target[xo + a] += step1 * p[a];
                target[xo + a + 1] += step1 * p[a + 1];
                float r0 = r[a] - step1 * ap[a];
                float r1 = r[a + 1] - step1 * ap[a + 1];
                r[a] = r0;
                r[a + 1] = r1;
                rs0 = Math.fma(r0, r0, rs0);
                rs1 = Math.fma(r1, r1, rs1);
            }
            if ((k & 1) == 1) {
                target[xo + k - 1] += step1 * p[k - 1];
                r[k - 1] -= step1 * ap[k - 1];
                rs0 = Math.fma(r[k - 1], r[k - 1], rs0);
            }
            float rsnew = rs0 + rs1;
            float beta = rsnew / rsold;
            for (int a = 0; a < k; a++) {
                p[a] = r[a] + beta * p[a];
            }
            rsold = rsnew;
        }
    }

    /** FᵀF of a factor matrix, summed over row blocks in parallel. */
    static float[] gram(ForkJoinPool pool, float[] f, int n, int k) {
        int blocks = Math.max(1, Math.min(64, n / 256 + 1)); // fixed, so sums do not depend on the thread count
        int per = (n + blocks - 1) / blocks;
        float[][] partial = new float[blocks][];
        pool.submit(() -> IntStream.range(0, blocks).parallel().forEach(b -> {
                    double[] g = new double[k * k];
                    int end = Math.min(n, (b + 1) * per);
                    for (int i = b * per; i < end; i++) {
                        int o = i * k;
                        for (int a = 0; a < k; a++) {
                            double fa = f[o + a];
                            if (fa == 0) {
                                continue;
                            }
                            int row = a * k;
                            for (int c = a; c < k; c++) {
                                g[row + c] += fa * f[o + c];
                            }
                        }
                    }
                    float[] out = new float[k * k];
                    for (int a = 0; a < k; a++) {
                        for (int c = a; c < k; c++) {
                            out[a * k + c] = (float) g[a * k + c];
                            out[c * k + a] = (float) g[a * k + c];
                        }
                    }
                    partial[b] = out;
                }))
                .join();
        float[] g = new float[k * k];
        for (float[] part : partial) {
            for (int j = 0; j < g.length; j++) {
                g[j] += part[j];
            }
        }
        return g;
    }

    /**
     * Over a row's observed entries j, four at a time: out += w_j·y_j with w_j = α·r_j·(y_j·v) (the product's sparse
     * part), or with {@code residual} w_j = (1 + α·r_j) − α·r_j·(y_j·v) (the right-hand side minus that part).
     */
    static void sparse(
            int[] cols,
            float[] vals,
            int s,
            int e,
            float[] y,
            float[] v,
            int vo,
            float[] out,
            int k,
            float alpha,
            boolean residual) {
        int j = s;
        for (; j + 3 < e; j += 4) {
            int y0 = cols[j] * k;
            int y1 = cols[j + 1] * k;
            int y2 = cols[j + 2] * k;
            int y3 = cols[j + 3] * k;
            // four dot products that share the loads of v
            float s0 = 0;
            float s1 = 0;
            float s2 = 0;
            float s3 = 0;
            float t0 = 0;
            float t1 = 0;
            float t2 = 0;
            float t3 = 0;
            int a = 0;
            for (; a + 1 < k; a += 2) {
                float v0 = v[vo + a];
                float v1 = v[vo + a + 1];
                s0 = Math.fma(y[y0 + a], v0, s0);
                t0 = Math.fma(y[y0 + a + 1], v1, t0);
                s1 = Math.fma(y[y1 + a], v0, s1);
                t1 = Math.fma(y[y1 + a + 1], v1, t1);
                s2 = Math.fma(y[y2 + a], v0, s2);
                t2 = Math.fma(y[y2 + a + 1], v1, t2);
                s3 = Math.fma(y[y3 + a], v0, s3);
                t3 = Math.fma(y[y3 + a + 1], v1, t3);
            }
            for (; a < k; a++) {
                float v0 = v[vo + a];
                s0 = Math.fma(y[y0 + a], v0, s0);
                s1 = Math.fma(y[y1 + a], v0, s1);
                s2 = Math.fma(y[y2 + a], v0, s2);
                s3 = Math.fma(y[y3 + a], v0, s3);
            }
            float w0 = weight(alpha * vals[j], s0 + t0, residual);
            float w1 = weight(alpha * vals[j + 1], s1 + t1, residual);
            float w2 = weight(alpha * vals[j + 2], s2 + t2, residual);
            float w3 = weight(alpha * vals[j + 3], s3 + t3, residual);
            for (a = 0; a < k; a++) {
                out[a] += Math.fma(w0, y[y0 + a], Math.fma(w1, y[y1 + a], Math.fma(w2, y[y2 + a], w3 * y[y3 + a])));
            }
        }
        for (; j < e; j++) {
            int yo = cols[j] * k;
            axpy(weight(alpha * vals[j], dot(y, yo, v, vo, k), residual), y, yo, out, k);
        }
    }

    private static float weight(float c1, float d, boolean residual) {
        return residual ? (1f + c1) - c1 * d : c1 * d;
    }

    /** out = M·v + reg·v for the symmetric gram M, four rows at a time (their dot products share the loads of v). */
    static void matvec(float[] m, float[] v, int vo, float[] out, int k, float reg) {
        int a = 0;
        for (; a + 3 < k; a += 4) {
            int r0 = a * k;
            int r1 = r0 + k;
            int r2 = r1 + k;
            int r3 = r2 + k;
            float s0 = 0;
            float s1 = 0;
            float s2 = 0;
            float s3 = 0;
            float t0 = 0;
            float t1 = 0;
            float t2 = 0;
            float t3 = 0;
            int j = 0;
            for (; j + 1 < k; j += 2) {
                float x0 = v[vo + j];
                float x1 = v[vo + j + 1];
                s0 = Math.fma(m[r0 + j], x0, s0);
                t0 = Math.fma(m[r0 + j + 1], x1, t0);
                s1 = Math.fma(m[r1 + j], x0, s1);
                t1 = Math.fma(m[r1 + j + 1], x1, t1);
                s2 = Math.fma(m[r2 + j], x0, s2);
                t2 = Math.fma(m[r2 + j + 1], x1, t2);
                s3 = Math.fma(m[r3 + j], x0, s3);
                t3 = Math.fma(m[r3 + j + 1], x1, t3);
            }
            for (; j < k; j++) {
                float x0 = v[vo + j];
                s0 = Math.fma(m[r0 + j], x0, s0);
                s1 = Math.fma(m[r1 + j], x0, s1);
                s2 = Math.fma(m[r2 + j], x0, s2);
                s3 = Math.fma(m[r3 + j], x0, s3);
            }
            out[a] = s0 + t0 + reg * v[vo + a];
            out[a + 1] = s1 + t1 + reg * v[vo + a + 1];
            out[a + 2] = s2 + t2 + reg * v[vo + a + 2];
            out[a + 3] = s3 + t3 + reg * v[vo + a + 3];
        }
        for (; a < k; a++) {
            out[a] = dot(m, a * k, v, vo, k) + reg * v[vo + a];
        }
    }

    /** Dot product with eight independent fused multiply-add chains (the JIT does not reorder float additions). */
    static float dot(float[] a, int ao, float[] b, int bo, int k) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        int j = 0;
        for (; j + 7 < k; j += 8) {
            s0 = Math.fma(a[ao + j], b[bo + j], s0);
            s1 = Math.fma(a[ao + j + 1], b[bo + j + 1], s1);
            s2 = Math.fma(a[ao + j + 2], b[bo + j + 2], s2);
            s3 = Math.fma(a[ao + j + 3], b[bo + j + 3], s3);
            s4 = Math.fma(a[ao + j + 4], b[bo + j + 4], s4);
            s5 = Math.fma(a[ao + j + 5], b[bo + j + 5], s5);
            s6 = Math.fma(a[ao + j + 6], b[bo + j + 6], s6);
            s7 = Math.fma(a[ao + j + 7], b[bo + j + 7], s7);
        }
        for (; j < k; j++) {
            s0 = Math.fma(a[ao + j], b[bo + j], s0);
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    static void axpy(float alpha, float[] x, int xo, float[] y, int k) {
        for (int j = 0; j < k; j++) {
            y[j] += alpha * x[xo + j];
        }
    }
}
