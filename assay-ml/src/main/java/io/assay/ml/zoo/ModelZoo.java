package io.assay.ml.zoo;

import io.assay.core.error.InvalidOptionException;
import io.assay.ml.Trainer;
import java.util.List;
import java.util.Locale;

/**
 * The model types Assay trains, by name.
 *
 * <pre>{@code
 * Trainer<?> t = ModelZoo.trainer("xgboost");
 * }</pre>
 */
public final class ModelZoo {

    private static final List<Trainer<?>> ALL = List.of(
            new LinearRegressionTrainer(),
            new LogisticRegressionTrainer(),
            new RandomForestTrainer(),
            new SvmTrainer(),
            new XGBoostTrainer(),
            new KMeansTrainer(),
            new DbscanTrainer(),
            new IsolationForestTrainer());

    private ModelZoo() {}

    public static List<Trainer<?>> all() {
        return ALL;
    }

    /** Whether {@code type} is a model type of the zoo (registered detectors and recommenders are not). */
    public static boolean knows(String type) {
        return type != null && ALL.stream().anyMatch(t -> t.name().equals(type));
    }

    /** The trainer called {@code name}; an error listing the model types otherwise. */
    public static Trainer<?> trainer(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        return ALL.stream()
                .filter(t -> t.name().equals(n))
                .findFirst()
                .orElseThrow(() -> new InvalidOptionException(
                        "model",
                        name,
                        "use one of "
                                + String.join(
                                        ", ", ALL.stream().map(Trainer::name).toList())));
    }
}
