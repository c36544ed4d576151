package io.assay.ml;

import io.assay.ml.metrics.Metrics;
import java.util.List;
import java.util.Map;

/**
 * How good a trained model is, honestly measured: metrics on held-out rows the model never saw, optional k-fold
 * cross-validation (mean ± standard deviation of each headline metric), feature importance on the original columns,
 * the class balance, and notes (rows dropped, columns left out, imbalance).
 */
public record Evaluation(
        Task task,
        long trainRows,
        long testRows,
        Metrics metrics,
        Map<String, MeanSd> crossValidation,
        List<Importance> importance,
        ClassBalance classBalance,
        List<String> notes) {

    public Evaluation {
        crossValidation = crossValidation == null ? Map.of() : Map.copyOf(crossValidation);
        importance = List.copyOf(importance);
        notes = List.copyOf(notes);
    }

    /** Mean and standard deviation over folds. */
    public record MeanSd(double mean, double sd, int folds) {}

    /**
     * The importance of one original column: the model's own (gain or scaled coefficients, summed over the column's
     * encoded features and normalised to sum 1) and by permutation (drop of accuracy or R² on held-out rows when the
     * column's values are shuffled; mean ± sd over repeats).
     */
    public record Importance(String column, Double model, Double permutation, Double permutationSd) {}

    /** Rows per class in the training data, and the largest over the smallest. */
    public record ClassBalance(Map<String, Long> counts, double imbalanceRatio, boolean weighted) {
        public ClassBalance {
            counts = Map.copyOf(counts);
        }
    }
}
