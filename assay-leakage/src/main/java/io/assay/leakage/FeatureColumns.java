package io.assay.leakage;

import io.assay.core.error.InvalidOptionException;
import io.assay.core.sql.Sql;
import io.assay.core.table.Column;
import io.assay.core.table.NumberColumn;
import io.assay.core.table.Table;
import java.util.ArrayList;
import java.util.List;

/** Numeric features of every row, read from the feature table in row order (booleans as 0/1, missing as NaN). */
record FeatureColumns(List<String> names, double[][] values, int rows) {

    static FeatureColumns fetch(Preparation prep, List<String> names) {
        for (String n : names) {
            if (!prep.columns.contains(n)) {
                throw new InvalidOptionException(
                        "pack " + prep.pack.name(), n, "a model or detector feature that is not a column or feature");
            }
        }
        int rows = Math.toIntExact(prep.rows());
        double[][] values = new double[names.size()][rows];
        var select = new StringBuilder("SELECT _row");
        for (String n : names) {
            select.append(", CAST(").append(Sql.id(n)).append(" AS DOUBLE)");
        }
        select.append(" FROM ").append(prep.features).append(" ORDER BY _row");
        prep.tables.db().queryOrFail(select.toString(), rs -> {
            int i = 0;
            while (rs.next()) {
                for (int f = 0; f < names.size(); f++) {
                    double v = rs.getDouble(2 + f);
                    values[f][i] = rs.wasNull() ? Double.NaN : v;
                }
                i++;
            }
            return null;
        });
        return new FeatureColumns(List.copyOf(names), values, rows);
    }

    /** These columns restricted to {@code subset} (no copy). */
    FeatureColumns select(List<String> subset) {
        double[][] v = new double[subset.size()][];
        for (int i = 0; i < v.length; i++) {
            int f = names.indexOf(subset.get(i));
            if (f < 0) {
                throw new IllegalArgumentException(subset.get(i) + " was not fetched");
            }
            v[i] = values[f];
        }
        return new FeatureColumns(List.copyOf(subset), v, rows);
    }

    /** The rows at {@code index} (all when null) as a table of decimal columns. */
    Table table(int[] index) {
        var cols = new ArrayList<Column>(names.size());
        for (int f = 0; f < names.size(); f++) {
            double[] v;
            if (index == null) {
                v = values[f];
            } else {
                v = new double[index.length];
                for (int i = 0; i < index.length; i++) {
                    v[i] = values[f][index[i]];
                }
            }
            cols.add(NumberColumn.ofDecimal(names.get(f), v));
        }
        return Table.of(cols);
    }

    double get(int feature, int row) {
        return values[feature][row];
    }
}
