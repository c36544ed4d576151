package io.assay.core.pipeline;

import java.util.List;

/**
 * A numeric feature matrix produced by a {@link FittedPipeline}: one column per feature name, every value present
 * (missing values were filled), each feature traceable to the source column it came from, and the
 * {@link ApplyReport} of what had to be filled or mapped.
 */
public final class Features {

    private final List<String> names;
    private final List<String> sources;
    private final double[][] columns; // [feature][row]
    private final int rows;
    private final ApplyReport report;

    Features(List<String> names, List<String> sources, double[][] columns, int rows, ApplyReport report) {
        this.names = List.copyOf(names);
        this.sources = List.copyOf(sources);
        this.columns = columns;
        this.rows = rows;
        this.report = report;
    }

    public int rows() {
        return rows;
    }

    public int width() {
        return names.size();
    }

    public List<String> names() {
        return names;
    }

    /** The source column feature {@code f} was derived from (for importances reported on original columns). */
    public String source(int f) {
        return sources.get(f);
    }

    List<String> sources() {
        return sources;
    }

    public double get(int row, int feature) {
        return columns[feature][row];
    }

    /** A copy of one feature's values. */
    public double[] column(int feature) {
        return columns[feature].clone();
    }

    /** Rows as arrays (the layout most Java ML libraries take). */
    public double[][] toRows() {
        double[][] out = new double[rows][names.size()];
        for (int f = 0; f < columns.length; f++) {
            double[] col = columns[f];
            for (int r = 0; r < rows; r++) {
                out[r][f] = col[r];
            }
        }
        return out;
    }

    /** One row as an array. */
    public double[] row(int r) {
        double[] out = new double[columns.length];
        for (int f = 0; f < columns.length; f++) {
            out[f] = columns[f][r];
        }
        return out;
    }

    /** Row-major floats in one array (the layout native libraries such as XGBoost take). */
    public float[] toFloatRowMajor() {
        int width = columns.length;
        float[] out = new float[rows * width];
        for (int f = 0; f < width; f++) {
            double[] col = columns[f];
            for (int r = 0; r < rows; r++) {
                out[r * width + f] = (float) col[r];
            }
        }
        return out;
    }

    /** The rows at {@code indexes}, in that order. */
    public Features rows(int[] indexes) {
        double[][] out = new double[columns.length][indexes.length];
        for (int f = 0; f < columns.length; f++) {
            for (int i = 0; i < indexes.length; i++) {
                out[f][i] = columns[f][indexes[i]];
            }
        }
        return new Features(names, sources, out, indexes.length, report);
    }

    /**
     * These features with the rows of {@code features} reordered by {@code permutation} (the same for all of them,
     * so that one original column's encoded features move together): the input of permutation importance.
     */
    public Features permuted(java.util.List<Integer> features, int[] permutation) {
        double[][] out = columns.clone();
        for (int f : features) {
            double[] shuffled = new double[rows];
            for (int r = 0; r < rows; r++) {
                shuffled[r] = columns[f][permutation[r]];
            }
            out[f] = shuffled;
        }
        return new Features(names, sources, out, rows, report);
    }

    public ApplyReport report() {
        return report;
    }
}
