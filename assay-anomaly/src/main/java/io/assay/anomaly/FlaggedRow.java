package io.assay.anomaly;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A row the detector flagged, with everything a person needs to act on it: where it is in the file, how anomalous
 * it is (raw score, calibrated confidence, severity), the columns that made it so, and the row itself.
 *
 * @param rowIndex 0-based data row of the input file (header excluded)
 * @param anomalyScore the detector's score, higher is more anomalous
 * @param confidence share of training rows that scored lower (0..1)
 * @param anomalousFeatures the top columns by contribution, largest first
 * @param rawData the row's own columns, in file order
 */
public record FlaggedRow(
        @JsonProperty("row_index") long rowIndex,
        @JsonProperty("anomaly_score") double anomalyScore,
        @JsonProperty("confidence") double confidence,
        @JsonProperty("is_anomaly") boolean isAnomaly,
        @JsonProperty("severity") Severity severity,
        @JsonProperty("anomalous_features") List<AnomalousFeature> anomalousFeatures,
        @JsonProperty("raw_data") Map<String, Object> rawData) {

    public FlaggedRow {
        anomalousFeatures = List.copyOf(anomalousFeatures);
        rawData = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rawData));
    }
}
