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
 */
record DetectBody(
        @NotBlank String datasetId,
        String method,
        Map<String, Object> params,
        ThresholdBody threshold,
        List<String> exclude,
        String label,
        Long seed,
        Integer topFeatures) {

    record ThresholdBody(String rule, double value) {}

    DetectBody {
        params = params == null ? Map.of() : params;
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
    }
}
