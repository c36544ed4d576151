package io.assay.leakage;

import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The input row a finding is about, as the file's columns and their values: numbers as numbers (so that a spreadsheet
 * can sum them and JSON keeps them numeric), flags in the file's own words ({@code Yes/No}), everything else as text.
 * Shared by the findings of one row. Written as a JSON object {@code {"column": value, ...}}.
 *
 * @param values per column: a {@link BigDecimal}, a {@link String} or null
 */
public record SourceRow(List<String> columns, List<Object> values) {

    public SourceRow {
        columns = List.copyOf(columns);
        values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
        if (columns.size() != values.size()) {
            throw new IllegalArgumentException(columns.size() + " columns but " + values.size() + " values");
        }
    }

    /** A value read as text from a column: a number for a numeric column (when it is a finite number), else the text. */
    static Object value(String text, boolean numeric) {
        if (numeric) {
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                return text; // inf, nan: kept as the engine wrote them
            }
        }
        return text;
    }

    /** Column {@code i}'s value as text (numbers in plain notation), or null when missing. */
    public String text(int i) {
        Object v = values.get(i);
        return v instanceof BigDecimal d ? d.toPlainString() : (String) v;
    }

    @JsonValue
    public Map<String, Object> asMap() {
        var m = new LinkedHashMap<String, Object>();
        for (int i = 0; i < columns.size(); i++) {
            m.put(columns.get(i), values.get(i));
        }
        return m;
    }
}
