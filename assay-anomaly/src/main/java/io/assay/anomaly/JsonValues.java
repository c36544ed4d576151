package io.assay.anomaly;

import io.assay.core.table.Column;
import io.assay.core.table.NumberColumn;
import io.assay.core.table.Table;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cell values in the forms JSON and CSV writers take as they are: numbers (whole numbers as {@code Long}), booleans,
 * and text for everything else (dates and times in ISO form).
 */
final class JsonValues {

    private JsonValues() {}

    static Object cell(Column c, int row) {
        if (c.isMissing(row)) {
            return null;
        }
        if (c instanceof NumberColumn n) {
            return number(n.get(row), c.type() == io.assay.core.table.ColumnType.INTEGER);
        }
        Object v = c.value(row);
        return v instanceof Boolean ? v : c.text(row);
    }

    static Object number(double v, boolean integer) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return null;
        }
        if (integer && v == Math.rint(v) && Math.abs(v) < 9e15) {
            return (long) v;
        }
        return v;
    }

    static Map<String, Object> row(Table t, int row) {
        var out = new LinkedHashMap<String, Object>();
        for (Column c : t.columns()) {
            out.put(c.name(), cell(c, row));
        }
        return out;
    }
}
