package io.assay.ml;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.assay.core.error.InvalidOptionException;
import java.util.Locale;

/** What a model learns: a class, a number, a grouping, or how unusual a row is. */
public enum Task {
    CLASSIFICATION,
    REGRESSION,
    CLUSTERING,
    ANOMALY_DETECTION;

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
            default ->
                throw new InvalidOptionException(
                        "task", label, "use classification, regression, clustering or anomaly_detection");
        };
    }

    /** Whether the task learns from a target column. */
    public boolean supervised() {
        return this == CLASSIFICATION || this == REGRESSION;
    }
}
