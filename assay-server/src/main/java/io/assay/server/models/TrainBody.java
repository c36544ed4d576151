package io.assay.server.models;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * A training request: which dataset, which column to predict, which model type with which hyperparameters, how to
 * evaluate it, and the registered name.
 *
 * @param datasetId an uploaded dataset of the caller's that has been read ({@code status: ready})
 * @param target the column to predict (none for clustering and anomaly detection)
 * @param features the columns to learn from (empty: every other column)
 * @param model a model type: linear_regression, logistic_regression, random_forest, svm, xgboost, kmeans, dbscan,
 *     isolation_forest
 * @param params hyperparameters by name (numbers, text or booleans)
 * @param task classification, regression, clustering or anomaly_detection (empty: detected from the target)
 * @param testSize the share of rows held out for evaluation (default 0.2)
 * @param folds also cross-validate with this many folds (0: no)
 * @param seed seed of the split and the model (default 42)
 * @param name the registered model's name (empty: the file's name and the model type)
 */
record TrainBody(
        @NotBlank String datasetId,
        String target,
        @Size(max = 10_000) List<String> features,
        @NotBlank String model,
        Map<String, Object> params,
        String task,
        Double testSize,
        Integer folds,
        Long seed,
        String name) {

    TrainBody {
        features = features == null ? List.of() : List.copyOf(features);
        params = params == null ? Map.of() : params;
    }
}
