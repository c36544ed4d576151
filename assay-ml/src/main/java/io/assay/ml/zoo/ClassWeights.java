package io.assay.ml.zoo;

import io.assay.ml.Task;
import io.assay.ml.TrainingData;

/**
 * {@code class_weight=balanced}: each row weighs {@code n / (k · n_class)}, as scikit-learn defines it, so that every
 * class contributes the same total weight.
 */
final class ClassWeights {

    private ClassWeights() {}

    static TrainingData apply(TrainingData data, String classWeight) {
        if (!"balanced".equals(classWeight) || data.task() != Task.CLASSIFICATION) {
            return data;
        }
        return new TrainingData(data.task(), data.x(), data.y(), data.classes(), balanced(data));
    }

    static double[] balanced(TrainingData data) {
        int k = Math.max(2, data.classes().size());
        int n = data.rows();
        int[] counts = new int[k];
        for (double y : data.y()) {
            counts[(int) y]++;
        }
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            int c = (int) data.y()[i];
            w[i] = (double) n / (k * counts[c]);
        }
        return w;
    }
}
