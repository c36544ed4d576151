package io.assay.ml;

import io.assay.core.pipeline.Features;

/**
 * A fitted model over preprocessed features: what a {@link Trainer} produces and what a registered model holds
 * behind its pipeline. Implementations are immutable and thread-safe for prediction.
 */
public interface Estimator {

    /**
     * One value per row: the predicted value (regression), the predicted class index (classification), the cluster
     * (clustering, -1 for noise) or the anomaly score, higher is more anomalous (anomaly detection).
     */
    double[] predict(Features x);

    /** Class probabilities per row (classification), else null. */
    default double[][] probabilities(Features x) {
        return null;
    }

    /**
     * Additive contributions per row: one per feature and, last, the base value, so that a row's contributions sum
     * to its raw prediction (margin for classifiers); null when the model cannot explain single predictions.
     */
    default double[][] contributions(Features x) {
        return null;
    }

    /** The model's own importance of each feature (gain, |coefficient|), or null. */
    default double[] importance() {
        return null;
    }

    /** The fitted state in a portable form, for the model registry. */
    SavedEstimator save();
}
