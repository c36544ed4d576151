package io.assay.anomaly;

import java.util.List;

/**
 * Checks on a saved detector's numbers before any of them is used: lengths that agree, indexes in range, sizes that
 * are not negative, finite numbers. A file that passes the checksum may still have been edited (the checksum is
 * recomputed as easily as the file is changed), so nothing read from it is trusted; every failure is a {@link
 * DetectorFileException} naming what is wrong.
 */
final class SavedState {

    private SavedState() {}

    static DetectorFileException damaged(String what) {
        return new DetectorFileException("it is damaged: " + what, null);
    }

    static void require(boolean ok, String what) {
        if (!ok) {
            throw damaged(what);
        }
    }

    static <T> T present(T value, String name) {
        if (value == null) {
            throw damaged(name + " is missing");
        }
        return value;
    }

    static void length(int actual, long expected, String name) {
        if (actual != expected) {
            throw damaged(name + " has " + actual + " values where " + expected + " are expected");
        }
    }

    static double[] finite(double[] values, String name) {
        present(values, name);
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw damaged(name + " holds " + values[i] + " at " + i + " (numbers must be finite)");
            }
        }
        return values;
    }

    static float[] finite(float[] values, String name) {
        present(values, name);
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw damaged(name + " holds " + values[i] + " at " + i + " (numbers must be finite)");
            }
        }
        return values;
    }

    static void finite(double value, String name) {
        if (!Double.isFinite(value)) {
            throw damaged(name + " is " + value + " (it must be a finite number)");
        }
    }

    /** Rows of {@code width} finite numbers each, at least one row. */
    static double[][] matrix(double[][] rows, int width, String name) {
        present(rows, name);
        require(rows.length > 0, name + " is empty");
        for (int i = 0; i < rows.length; i++) {
            length(present(rows[i], name + " row " + i).length, width, name + " row " + i);
            finite(rows[i], name + " row " + i);
        }
        return rows;
    }

    static void range(long value, long min, long max, String name) {
        if (value < min || value > max) {
            throw damaged(name + " is " + value + ", outside " + min + ".." + max);
        }
    }

    static <T> List<T> list(List<T> values, String name) {
        present(values, name);
        for (T v : values) {
            present(v, "an element of " + name);
        }
        return values;
    }
}
