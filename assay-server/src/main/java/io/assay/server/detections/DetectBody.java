package io.assay.server.detections;

import jakarta.validation.constraints.NotBlank;
import java.util.List;
import java.util.Map;

/**
 * An anomaly-detection request on an uploaded dataset.
 *
 * @param method iforest (default), autoencoder, ocsvm, lof, robust or ensemble
 * @param params the method's hyperparameters
 * @param threshold how the flagging cut is chosen: {@code {"rule": "percentile", "value": 95}} (the default),
 *     {@code contamination} (a share of rows) or {@code score}
 * @param exclude columns left out of the features
 * @param label a ground-truth column (1/true = anomaly) to evaluate against
 * @param topFeatures columns named per flagged row (default 3)
 * @param save register the fitted detector in your registry under this name (as {@code assay detect --save})
 * @param model apply a detector saved earlier instead of fitting one: {@code NAME} (its production version, else the
 *     latest) or {@code NAME@VERSION} (as {@code assay detect --model}); its method, columns and threshold are fixed
 */
record DetectBody(
        @NotBlank String datasetId,
        String method,
        Map<String, Object> params,
        ThresholdBody threshold,
        List<String> exclude,
        String label,
        Long seed,
        Integer topFeatures,
        String save,
        String model) {

    record ThresholdBody(String rule, double value) {}

    /** The saved detector's name in {@link #model}. */
    String modelName() {
        return model == null ? null : model.contains("@") ? model.substring(0, model.lastIndexOf('@')) : model;
    }

    /** The saved detector's version in {@link #model} (null: production, else the latest). */
    String modelVersion() {
        return model == null || !model.contains("@") ? null : model.substring(model.lastIndexOf('@') + 1);
    }

    DetectBody {
        save = save == null || save.isBlank() ? null : save.trim();
        model = model == null || model.isBlank() ? null : model.trim();
        params = params == null ? Map.of() : params;
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
    }
}
