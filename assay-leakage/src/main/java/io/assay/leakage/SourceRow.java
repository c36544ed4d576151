package io.assay.leakage;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The input row a finding is about, as the file's columns and the values as text; shared by the findings of one
 * row. Written as a JSON object {@code {"column": "value", ...}}.
 */
public record SourceRow(List<String> columns, List<String> values) {

    public SourceRow {
        columns = List.copyOf(columns);
        values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
        if (columns.size() != values.size()) {
            throw new IllegalArgumentException(columns.size() + " columns but " + values.size() + " values");
        }
    }

    @JsonValue
    public Map<String, String> asMap() {
        var m = new LinkedHashMap<String, String>();
        for (int i = 0; i < columns.size(); i++) {
            m.put(columns.get(i), values.get(i));
        }
        return m;
    }
}
