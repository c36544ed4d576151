package io.assay.anomaly;

import io.assay.core.pipeline.Features;
import io.assay.core.pipeline.Pipeline;
import io.assay.ml.Hyperparameter;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * An anomaly-detection method (isolation forest, autoencoder, ...): its name as users write it, its documented
 * hyperparameters, how it wants its features scaled, how it fits a {@link Model} on encoded features and how it
 * rebuilds one from the portable state the model saved. {@link Detectors} lists the built-in methods; a contract
 * test in assay-testkit checks every one (fit, score, save, reload, identical scores, reproducible for a seed).
 *
 * <p>Detectors see numbers only: mixed tables reach them through the preprocessing pipeline, and the explanations they
 * give per feature are summed back onto the user's columns by {@link AnomalyModel}.
 *
 * @param <O> the method's options record: defaults filled, validated, round-tripped to JSON
 */
public interface Detector<O extends Record> {

    /** The method's name: {@code iforest}, {@code autoencoder}, {@code ocsvm}, {@code lof}, {@code robust}. */
    String name();

    /** One sentence for listings and help. */
    String description();

    List<Hyperparameter> hyperparameters();

    /** The options for {@code params}: unknown names and bad values are errors naming them. */
    O options(Map<String, String> params);

    Class<O> optionsType();

    /**
     * {@code options} as the hyperparameters a user gives ({@code --param NAME=VALUE}): the names {@link
     * #hyperparameters()} lists, values as they are typed ({@code minmax}, {@code 64,32}), so they can be pasted back.
     */
    Map<String, Object> parameters(O options);

    /** How numeric features are rescaled before this method sees them (distance-based methods need it). */
    Pipeline.Scaling scaling(O options);

    /**
     * Fits on the training rows' features; {@code seed} makes the fit reproducible. The result carries the training
     * rows' own scores, which for some methods differ from scoring them afresh (LOF leaves a row out of its own
     * neighbourhood).
     */
    Fit fit(Features x, O options, long seed);

    /**
     * Rebuilds a model from the state {@link Model#state()} saved, for {@code features} encoded features (the width of
     * the saved pipeline). The state is checked before it is used (shapes, indexes, sizes, finite numbers): a checksum
     * proves only that the file is the one registered, not that nobody edited it and recomputed the checksum; a
     * damaged state is a {@link DetectorFileException}.
     */
    Model load(JsonNode state, O options, int features);

    /** A fitted model and the scores of the rows it was fitted on, in their order. */
    record Fit(Model model, double[] trainingScores) {}

    /**
     * A fitted detector over encoded features: immutable and thread-safe. Scores are "higher is more anomalous"; their
     * scale is the method's own (path-length score, reconstruction error, ...), which is why {@link AnomalyModel}
     * calibrates them against the training rows.
     */
    interface Model {

        /** One score per row. */
        double[] score(Features x);

        /**
         * For each of {@code rows}, how much each feature made that row anomalous (non-negative, in the method's own
         * units: isolation bits, squared reconstruction error, robust deviations), or null when the method has no
         * native attribution; such rows are then explained by substituting each column's typical value.
         */
        default double[][] attribution(Features x, int[] rows) {
            return null;
        }

        /**
         * For each of {@code rows}, the feature values the model expected (an autoencoder's reconstruction), or null
         * when the typical value of a column is its training median or most frequent value.
         */
        default double[][] expected(Features x, int[] rows) {
            return null;
        }

        /** The fitted state as a record of numbers and arrays (saved as JSON, never Java serialization). */
        Record state();
    }
}
