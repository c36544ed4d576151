package io.assay.server.analyses;

import jakarta.validation.constraints.NotBlank;
import java.util.Map;

/**
 * Retraining a domain's leak model on the caller's labelled dataset (as {@code assay train-domain}).
 *
 * @param domain set from the route: retail (alias supermarket), telecom, or a pack in the packs folder
 * @param datasetId the labelled dataset: a label column, or the truth file a generated dataset keeps beside it
 * @param label the column holding each row's leak type (empty or {@code none} for clean rows); default: a truth file
 *     beside the dataset, else a column named leak_type, label or anomaly_type
 * @param mapping canonical column → the file's column (wins over automatic mapping)
 * @param params parameters and norm overrides, as for an analysis
 */
record LeakModelBody(
        String domain,
        @NotBlank String datasetId,
        String label,
        Map<String, String> mapping,
        Map<String, Object> params,
        Long seed) {

    LeakModelBody {
        mapping = mapping == null ? Map.of() : mapping;
        params = params == null ? Map.of() : params;
    }

    LeakModelBody withDomain(String d) {
        return new LeakModelBody(d, datasetId, label, mapping, params, seed);
    }
}
