package io.assay.server.analyses;

import jakarta.validation.constraints.NotBlank;
import java.util.Map;

/**
 * A revenue-leakage analysis request on an uploaded dataset.
 *
 * @param domain retail (alias supermarket) or telecom, or a pack in the data directory's packs folder
 * @param mapping canonical column → the file's column (wins over automatic mapping)
 * @param params parameters and norm overrides, e.g. {@code max_discount_share: 0.3}
 * @param useModel whether the domain's leak model confirms and adds findings (default true)
 * @param unusual whether unusual patterns no rule explains are reported (default true)
 */
record AnalyzeBody(
        @NotBlank String datasetId,
        @NotBlank String domain,
        Map<String, String> mapping,
        Map<String, Object> params,
        Boolean useModel,
        Boolean unusual,
        Long seed) {

    AnalyzeBody {
        mapping = mapping == null ? Map.of() : mapping;
        params = params == null ? Map.of() : params;
    }
}
