package io.assay.leakage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A norm learned from the file (or set by the user), as reported with the result so a person sees what the
 * findings were measured against.
 *
 * @param id the pack's norm id, e.g. {@code tax_rate}
 * @param kind the estimator ({@code group_rate}, {@code group_median}, {@code group_linear}, {@code median},
 *     {@code decimals})
 * @param status {@code learned}, {@code overridden} (some value set by parameter) or {@code skipped}
 * @param groupedBy the canonical column(s) the norm is learned per, or null
 * @param values norm-wide values, e.g. {@code {"tax_base_amount": "net"}}
 * @param groups per-group values, the groups with most rows first (at most {@link #MAX_GROUPS})
 * @param groupCount how many groups there are in all
 * @param notes what a person should know: skipped groups, fallbacks, undecidable choices
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Norm(
        String id,
        String kind,
        String description,
        String status,
        String groupedBy,
        Map<String, Object> values,
        List<Group> groups,
        int groupCount,
        List<String> notes) {

    /** Groups listed per norm; the count says how many there are. */
    public static final int MAX_GROUPS = 200;

    public Norm {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        groups = List.copyOf(groups);
        notes = List.copyOf(notes);
    }

    /** The norm's values for one group and how many rows it was learned from. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Group(String group, long rows, Map<String, Object> values, boolean overridden) {
        public Group {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }
    }
}
