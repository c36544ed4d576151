package io.assay.ml;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.assay.core.error.InvalidOptionException;
import java.util.Locale;

/**
 * What a model learns: a class, a number, a grouping, how unusual a row is, or which items a customer is likely to want
 * (recommenders, trained on order data by {@code assay-commerce} and kept in the same registry).
 */
public enum Task {
    CLASSIFICATION,
    REGRESSION,
    CLUSTERING,
    ANOMALY_DETECTION,
    RECOMMENDATION;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Task parse(String label) {
        String s = label.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        return switch (s) {
            case "classification", "classify" -> CLASSIFICATION;
            case "regression", "regress" -> REGRESSION;
            case "clustering", "cluster" -> CLUSTERING;
            case "anomaly_detection", "anomaly", "anomalies" -> ANOMALY_DETECTION;
            case "recommendation", "recommend" -> RECOMMENDATION;
            default ->
                throw new InvalidOptionException(
                        "task",
                        label,
                        "use classification, regression, clustering, anomaly_detection or recommendation");
        };
    }

    /** Whether the task learns from a target column. */
    public boolean supervised() {
        return this == CLASSIFICATION || this == REGRESSION;
    }
}
