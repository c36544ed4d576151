package io.assay.ml.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How well a recommender ranks: precision@10 of customers' held-out purchases on the validation split it was tuned on
 * (NaN when it was trained with fixed options and no validation ran), and the size of what it learned from.
 *
 * @param precisionAt10 share of each validation customer's top 10 that they did buy, averaged; NaN if not measured
 * @param customers customers in the training data
 * @param items items in the training data
 * @param interactions non-zero customer × item cells
 */
public record RecommendationMetrics(double precisionAt10, long customers, long items, long interactions)
        implements Metrics {

    @Override
    public Map<String, Double> headline() {
        var out = new LinkedHashMap<String, Double>();
        if (!Double.isNaN(precisionAt10)) {
            out.put("precision_at_10", precisionAt10);
        }
        return out;
    }
}
