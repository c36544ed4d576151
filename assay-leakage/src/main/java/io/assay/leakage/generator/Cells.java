package io.assay.leakage.generator;

/** Fast, locale-free formatting of generated numbers (millions of cells). */
final class Cells {

    private Cells() {}

    /** {@code v} rounded to {@code decimals} places, written without exponent, e.g. {@code 12.50}. */
    static String fixed(double v, int decimals) {
        long scale = pow10(decimals);
        long units = Math.round(v * scale);
        boolean negative = units < 0;
        units = Math.abs(units);
        var sb = new StringBuilder(16);
        if (negative) {
            sb.append('-');
        }
        sb.append(units / scale);
        if (decimals > 0) {
            String frac = Long.toString(units % scale);
            sb.append('.');
            for (int i = frac.length(); i < decimals; i++) {
                sb.append('0');
            }
            sb.append(frac);
        }
        return sb.toString();
    }

    /** {@code v} rounded to {@code decimals} places, as a number. */
    static double round(double v, int decimals) {
        long scale = pow10(decimals);
        return Math.round(v * scale) / (double) scale;
    }

    static long pow10(int decimals) {
        long s = 1;
        for (int i = 0; i < decimals; i++) {
            s *= 10;
        }
        return s;
    }

    /** The running shares of {@code weights} (the last is 1), for {@link #pick}. */
    static double[] cumulative(double[] weights) {
        double[] c = new double[weights.length];
        double s = 0;
        for (int i = 0; i < weights.length; i++) {
            s += weights[i];
            c[i] = s;
        }
        for (int i = 0; i < c.length; i++) {
            c[i] /= s;
        }
        return c;
    }

    /** A random index, each with the probability its weight had in {@code cumulative}. */
    static int pick(double[] cumulative, java.util.SplittableRandom rnd) {
        int i = java.util.Arrays.binarySearch(cumulative, rnd.nextDouble());
        return Math.min(cumulative.length - 1, i < 0 ? -i - 1 : i);
    }
}
