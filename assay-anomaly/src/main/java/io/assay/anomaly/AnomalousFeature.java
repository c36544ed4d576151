package io.assay.anomaly;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One column that made a row anomalous: its value in the row, the value the detector expected (the training median
 * or most frequent value, or the autoencoder's reconstruction), and its share of the row's explanation (0..1; the
 * shares of all columns sum to 1).
 */
public record AnomalousFeature(
        @JsonProperty("feature_name") String featureName,
        @JsonProperty("actual_value") Object actualValue,
        @JsonProperty("typical_value") Object typicalValue,
        @JsonProperty("contribution") double contribution) {}
