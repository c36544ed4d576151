package io.assay.leakage;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One leak found on one row: its type, how severe and how certain it is, the money at risk, which rule or detector
 * found it, a sentence a person can act on, and the evidence (the values compared and the norm they were compared
 * with).
 *
 * @param rowIndex the 0-based data row of the input file (header excluded)
 * @param type the leak type, e.g. {@code missing_tax}
 * @param confidence 0..1
 * @param revenueImpact money lost, at least 0
 * @param ruleId the rule's id, or the detector's name ({@code model:…}, {@code iforest})
 * @param evidence the values compared and the norms, by name
 * @param source the input row's own columns and values (as text)
 * @param datasetRow the row's position in the loaded table (differs from {@code rowIndex} when rows were skipped)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({
    "row_index",
    "type",
    "severity",
    "confidence",
    "revenue_impact",
    "rule_id",
    "description",
    "evidence",
    "source"
})
public record Finding(
        long rowIndex,
        String type,
        Severity severity,
        double confidence,
        double revenueImpact,
        String ruleId,
        String description,
        Map<String, Object> evidence,
        SourceRow source,
        @JsonIgnore long datasetRow) {

    public Finding {
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence " + confidence + " is outside 0..1");
        }
        if (!(revenueImpact >= 0) || Double.isInfinite(revenueImpact)) {
            throw new IllegalArgumentException("revenue impact " + revenueImpact + " is not a non-negative amount");
        }
        evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }

    /** This finding with confidence {@code c} and one more piece of evidence (one copy of the evidence). */
    Finding withConfidence(double c, String key, Object value) {
        var e = new LinkedHashMap<>(evidence);
        e.put(key, value);
        return new Finding(rowIndex, type, severity, c, revenueImpact, ruleId, description, e, source, datasetRow);
    }

    Finding withEvidence(String key, Object value) {
        var e = new LinkedHashMap<>(evidence);
        e.put(key, value);
        return new Finding(
                rowIndex, type, severity, confidence, revenueImpact, ruleId, description, e, source, datasetRow);
    }

    Finding withSource(long index, SourceRow row) {
        return new Finding(
                index, type, severity, confidence, revenueImpact, ruleId, description, evidence, row, datasetRow);
    }
}
