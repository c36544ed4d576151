package io.assay.core.table;

import java.util.Locale;
import java.util.Set;

/**
 * Recognises columns named like a ground-truth label ({@code label}, {@code is_anomaly}, {@code is_fraud}): the answer
 * an unsupervised method (anomaly detection, clustering) should be measured against, not learn from. The one rule
 * behind the warnings of {@code assay detect} and {@code assay train} when such a column is used as a feature.
 */
public final class GroundTruth {

    private static final Set<String> NAMES = Set.of(
            "label", "labels", "is_anomaly", "anomaly", "is_outlier", "outlier", "ground_truth", "is_fraud", "fraud");

    private GroundTruth() {}

    /** Whether a column of this name usually holds the answer rather than a feature (case and outer spaces ignored). */
    public static boolean looksLikeLabel(String column) {
        return column != null && NAMES.contains(column.strip().toLowerCase(Locale.ROOT));
    }
}
