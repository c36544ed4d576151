package io.assay.ml;

import io.assay.core.pipeline.Features;
import java.util.List;

/**
 * What a trainer fits on: preprocessed features, the target (class indexes into {@code classes} for
 * classification, values for regression, null when unsupervised) and optional row weights (class balancing).
 */
public record TrainingData(Task task, Features x, double[] y, List<String> classes, double[] weights) {

    public TrainingData {
        classes = classes == null ? List.of() : List.copyOf(classes);
    }

    public int rows() {
        return x.rows();
    }

    public int[] labels() {
        int[] out = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = (int) y[i];
        }
        return out;
    }
}
