package io.assay.commerce;

/** Solves a small symmetric positive-definite system exactly (fold-in and explanations). */
final class Cholesky {

    private Cholesky() {}

    /** x with A x = b; A is k×k row-major and is overwritten. */
    static double[] solve(double[] a, double[] b, int k) {
        for (int j = 0; j < k; j++) {
            double d = a[j * k + j];
            for (int p = 0; p < j; p++) {
                d -= a[j * k + p] * a[j * k + p];
            }
            if (!(d > 0)) {
                throw new IllegalArgumentException("matrix is not positive definite");
            }
            double l = Math.sqrt(d);
            a[j * k + j] = l;
            for (int i = j + 1; i < k; i++) {
                double s = a[i * k + j];
                for (int p = 0; p < j; p++) {
                    s -= a[i * k + p] * a[j * k + p];
                }
                a[i * k + j] = s / l;
            }
        }
        double[] y = new double[k];
        for (int i = 0; i < k; i++) {
            double s = b[i];
            for (int p = 0; p < i; p++) {
                s -= a[i * k + p] * y[p];
            }
            y[i] = s / a[i * k + i];
        }
        double[] x = new double[k];
        for (int i = k - 1; i >= 0; i--) {
            double s = y[i];
            for (int p = i + 1; p < k; p++) {
                s -= a[p * k + i] * x[p];
            }
            x[i] = s / a[i * k + i];
        }
        return x;
    }
}
