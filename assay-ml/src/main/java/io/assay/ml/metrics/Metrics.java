package io.assay.ml.metrics;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Map;

/**
 * Quality of a model on held-out rows, with scikit-learn's definitions (a test compares every number with values
 * scikit-learn computed on the same predictions).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "task")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ClassificationMetrics.class, name = "classification"),
    @JsonSubTypes.Type(value = RegressionMetrics.class, name = "regression"),
    @JsonSubTypes.Type(value = ClusteringMetrics.class, name = "clustering"),
    @JsonSubTypes.Type(value = AnomalyMetrics.class, name = "anomaly_detection"),
    @JsonSubTypes.Type(value = RecommendationMetrics.class, name = "recommendation")
})
public sealed interface Metrics
        permits ClassificationMetrics, RegressionMetrics, ClusteringMetrics, AnomalyMetrics, RecommendationMetrics {

    /**
     * The single numbers a user compares versions by ({@code accuracy}, {@code f1_macro}, {@code r2}, {@code rmse},
     * {@code silhouette}, ...); absent metrics are left out.
     */
    Map<String, Double> headline();

    /** Whether a larger value of a headline metric is better ({@code rmse}: no). */
    static boolean higherIsBetter(String metric) {
        return switch (metric) {
            case "mse", "rmse", "mae", "mape", "log_loss", "davies_bouldin" -> false;
            default -> true;
        };
    }
}
