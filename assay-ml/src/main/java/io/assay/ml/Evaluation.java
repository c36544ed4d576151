package io.assay.ml;

import io.assay.ml.metrics.Metrics;
import java.util.List;
import java.util.Map;

/**
 * How good a trained model is, honestly measured: metrics on held-out rows the model never saw, optional k-fold
 * cross-validation (mean ± standard deviation of each headline metric), feature importance on the original columns,
 * the class balance, notes (rows dropped, columns left out, imbalance) and warnings (target leakage).
 */
public record Evaluation(
        Task task,
        long trainRows,
        long testRows,
        Metrics metrics,
        Map<String, MeanSd> crossValidation,
        List<Importance> importance,
        ClassBalance classBalance,
        List<String> notes,
        List<Warning> warnings) {

    public Evaluation {
        crossValidation = crossValidation == null ? Map.of() : Map.copyOf(crossValidation);
        importance = List.copyOf(importance);
        notes = List.copyOf(notes);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** An evaluation without warnings (models that are not trained on a target: detectors, recommenders). */
    public Evaluation(
            Task task,
            long trainRows,
            long testRows,
            Metrics metrics,
            Map<String, MeanSd> crossValidation,
            List<Importance> importance,
            ClassBalance classBalance,
            List<String> notes) {
        this(task, trainRows, testRows, metrics, crossValidation, importance, classBalance, notes, List.of());
    }

    /**
     * Something that makes the metrics untrustworthy, stronger than a note: {@code kind} says what
     * ({@code target_leakage}, {@code label_as_feature}), {@code columns} which input columns it is about, {@code message} what to do.
     */
    public record Warning(String kind, List<String> columns, String message) {
        static final String TARGET_LEAKAGE = "target_leakage";

        /** A column named like a ground-truth label used as a feature by a model without a target. */
        static final String LABEL_AS_FEATURE = "label_as_feature";

        public Warning {
            columns = List.copyOf(columns);
        }
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
