package io.assay.ml;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model type: its name ({@code xgboost}), the tasks it handles, its documented hyperparameters, and how it fits
 * and reloads an {@link Estimator}. A contract test in assay-testkit checks every implementation: fit, predict,
 * save, reload, same predictions.
 *
 * @param <O> the model type's options record: defaults filled, validated, round-tripped to JSON
 */
public interface Trainer<O extends Record> {

    String name();

    /** One sentence for listings and help. */
    String description();

    Set<Task> tasks();

    List<Hyperparameter> hyperparameters();

    /** The options for {@code params}: unknown names and bad values are errors naming them. */
    O options(Map<String, String> params);

    Class<O> optionsType();

    Estimator fit(TrainingData data, O options, long seed);

    /** Rebuilds an estimator saved by this trainer; its bytes were checksum-verified by the caller. */
    Estimator load(SavedEstimator saved, O options, Shape shape);

    /** What a saved estimator was fitted for: the task, the number of classes, the number of features. */
    record Shape(Task task, int classes, int features) {}
}
