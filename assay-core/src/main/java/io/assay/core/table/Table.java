package io.assay.core.table;

import io.assay.core.error.ColumnNotFoundException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable, in-memory table of typed columns: what models train on and what predictions come back as.
 *
 * <p>Every row remembers which data row of the source it came from ({@link #sourceRow(int)}, 0-based, header
 * excluded), so that findings and predictions point at the row a person sees in their file even after rows were
 * skipped at ingest or the table was split.
 *
 * <pre>{@code
 * Table t = Table.of(List.of(NumberColumn.ofDecimal("price", 9.5, 12.0), CategoricalColumn.of("region", "N", "S")));
 * }</pre>
 */
public final class Table {

    private final List<Column> columns;
    private final Map<String, Integer> index;
    private final int rowCount;
    private final long[] sourceRows; // null: identity

    private Table(List<Column> columns, int rowCount, long[] sourceRows) {
        this.columns = List.copyOf(columns);
        this.rowCount = rowCount;
        this.sourceRows = sourceRows;
        this.index = new HashMap<>();
        for (int i = 0; i < this.columns.size(); i++) {
            Column c = this.columns.get(i);
            if (c.size() != rowCount) {
                throw new IllegalArgumentException(
                        "column '" + c.name() + "' has " + c.size() + " rows, expected " + rowCount);
            }
            if (index.put(c.name(), i) != null) {
                throw new IllegalArgumentException("duplicate column name '" + c.name() + "'");
            }
        }
        if (sourceRows != null && sourceRows.length != rowCount) {
            throw new IllegalArgumentException("source row mapping has " + sourceRows.length + " entries");
        }
    }

    /** A table of equally long, uniquely named columns whose rows are the source's rows 0..n-1. */
    public static Table of(List<? extends Column> columns) {
        int n = columns.isEmpty() ? 0 : columns.getFirst().size();
        return new Table(List.copyOf(columns), n, null);
    }

    /** A table whose row {@code i} came from data row {@code sourceRows[i]} of the source. */
    public static Table of(List<? extends Column> columns, long[] sourceRows) {
        int n = columns.isEmpty() ? sourceRows.length : columns.getFirst().size();
        return new Table(List.copyOf(columns), n, sourceRows.clone());
    }

    public Schema schema() {
        return new Schema(columns.stream().map(Column::field).toList());
    }

    public int rowCount() {
        return rowCount;
    }

    public int columnCount() {
        return columns.size();
    }

    public List<Column> columns() {
        return columns;
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    public boolean has(String name) {
        return index.containsKey(name);
    }

    /** The column called {@code name}; a {@link ColumnNotFoundException} listing the columns otherwise. */
    public Column column(String name) {
        Integer i = index.get(name);
        if (i == null) {
            throw new ColumnNotFoundException(name, columnNames());
        }
        return columns.get(i);
    }

    /** The 0-based data row of the source that row {@code row} of this table came from. */
    public long sourceRow(int row) {
        if (row < 0 || row >= rowCount) {
            throw new IndexOutOfBoundsException("row " + row + " of " + rowCount);
        }
        return sourceRows == null ? row : sourceRows[row];
    }

    /** This table with {@code column} replacing the column of the same name, or appended. */
    public Table with(Column column) {
        var out = new ArrayList<>(columns);
        Integer i = index.get(column.name());
        if (i == null) {
            out.add(column);
        } else {
            out.set(i, column);
        }
        return new Table(out, rowCount, sourceRows);
    }

    /** The rows at {@code rows}, in that order, remembering their source rows. */
    public Table rows(int[] rows) {
        long[] src = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            src[i] = sourceRow(rows[i]);
        }
        return new Table(columns.stream().map(c -> c.select(rows)).toList(), rows.length, src);
    }

    /** The first {@code n} rows (or all when fewer). */
    public Table head(int n) {
        int[] rows = new int[Math.min(n, rowCount)];
        Arrays.setAll(rows, i -> i);
        return rows(rows);
    }

    @Override
    public String toString() {
        return "Table[" + rowCount + " rows × " + columns.size() + " columns " + columnNames() + "]";
    }
}
