package io.assay.leakage;

import io.assay.core.error.InternalException;
import io.assay.core.error.InvalidOptionException;
import io.assay.core.sql.Sql;
import io.assay.core.sql.SqlSession;
import io.assay.core.table.Column;
import io.assay.core.table.NumberColumn;
import io.assay.core.table.Table;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBReadableVector;

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
        select.append(" FROM ").append(prep.features);
        // a session of its own (the fetch runs beside the rules), read a chunk of columns at a time rather than row by
        // row through JDBC (a third of the time over a million rows); each row lands at its position _row
        try (SqlSession db = prep.dataset.session()) {
            Chunks.read(db, select.toString(), chunk -> {
                int size = Math.toIntExact(chunk.rowCount());
                DuckDBReadableVector row = chunk.vector(0);
                int[] at = new int[size];
                for (int i = 0; i < size; i++) {
                    long r = row.getLong(i);
                    if (r < 0 || r >= rows) {
                        throw new InternalException("feature row " + r + " is not a row of the dataset", null);
                    }
                    at[i] = (int) r;
                }
                for (int f = 0; f < names.size(); f++) {
                    DuckDBReadableVector v = chunk.vector(f + 1);
                    double[] out = values[f];
                    for (int i = 0; i < size; i++) {
                        out[at[i]] = v.isNull(i) ? Double.NaN : v.getDouble(i);
                    }
                }
            });
        }
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
