package io.assay.anomaly;

import io.assay.core.pipeline.ApplyReport;
import java.util.List;

/**
 * The outcome of running a detector over a table: every row's score (in table order), the threshold used, the
 * flagged rows most anomalous first with their explanations, and what the preprocessing had to fill or map.
 */
public record Detection(double[] scores, double threshold, List<FlaggedRow> flagged, ApplyReport report) {

    public Detection {
        flagged = List.copyOf(flagged);
    }

    /** Whether each row (in table order) reaches the threshold. */
    public boolean[] flags() {
        boolean[] out = new boolean[scores.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = scores[i] >= threshold;
        }
        return out;
    }
}
