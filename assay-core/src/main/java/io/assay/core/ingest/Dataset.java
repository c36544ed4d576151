package io.assay.core.ingest;

import io.assay.core.error.InternalException;
import io.assay.core.error.InvalidOptionException;
import io.assay.core.sql.DuckEngine;
import io.assay.core.sql.Sql;
import io.assay.core.sql.SqlSession;
import io.assay.core.table.BooleanColumn;
import io.assay.core.table.Column;
import io.assay.core.table.ColumnBuilder;
import io.assay.core.table.Field;
import io.assay.core.table.Schema;
import io.assay.core.table.Table;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An ingested file held by DuckDB, typed and ready: profile it, query it with SQL, or load it (or a slice of it)
 * into an in-memory {@link Table}. Rows keep their order; row {@code i} of the dataset is its {@code rowid} in SQL and
 * data row {@link #sourceRow(long)} of the file. Closing drops the data.
 */
public final class Dataset implements AutoCloseable {

    private final DuckEngine engine;
    private final String table;
    private final Schema schema;
    private final long rows;
    private final IngestReport report;
    private final long[] skippedDataRows; // sorted 0-based data rows of the source that were not loaded
    private final Map<String, ColumnStats> stats;
    private boolean closed;

    Dataset(
            DuckEngine engine,
            String table,
            Schema schema,
            long rows,
            IngestReport report,
            long[] skippedDataRows,
            Map<String, ColumnStats> stats) {
        this.engine = engine;
        this.table = table;
        this.schema = schema;
        this.rows = rows;
        this.report = report;
        this.stats = Map.copyOf(stats);
        this.skippedDataRows = skippedDataRows.clone();
        Arrays.sort(this.skippedDataRows);
    }

    public Schema schema() {
        return schema;
    }

    public long rowCount() {
        return rows;
    }

    public IngestReport report() {
        return report;
    }

    /** Summary statistics of the column called {@code name}, computed at ingest. */
    public ColumnStats stats(String name) {
        ColumnStats s = stats.get(name);
        if (s == null) {
            throw new io.assay.core.error.ColumnNotFoundException(name, schema.names());
        }
        return s;
    }

    public DuckEngine engine() {
        return engine;
    }

    /** The quoted name of the DuckDB table, for SQL: {@code "SELECT count(*) FROM " + ds.relation()}. */
    public String relation() {
        return Sql.id(table);
    }

    /** A new SQL session on this dataset's engine; the caller closes it. */
    public SqlSession session() {
        return new SqlSession(engine);
    }

    /** The 0-based data row of the source file that row {@code row} of this dataset came from. */
    public long sourceRow(long row) {
        long r = row;
        for (long skipped : skippedDataRows) {
            if (skipped <= r) {
                r++;
            } else {
                break;
            }
        }
        return r;
    }

    /** All rows in memory. */
    public Table toTable() {
        if (rows > Integer.MAX_VALUE - 8) {
            throw new InvalidOptionException(
                    "rows", rows, "too many rows to hold in memory; process the dataset in slices");
        }
        return toTable(0, (int) rows);
    }

    /** Rows {@code offset .. offset+limit-1} in memory (fewer at the end). */
    public Table toTable(long offset, int limit) {
        if (closed) {
            throw new IllegalStateException("dataset is closed");
        }
        int n = (int) Math.max(0, Math.min(limit, rows - offset));
        var builders = new ArrayList<ColumnBuilder>();
        for (Field f : schema.fields()) {
            builders.add(new ColumnBuilder(f.name(), f.type(), n));
        }
        var select = new StringBuilder("SELECT ");
        for (int i = 0; i < schema.size(); i++) {
            select.append(i == 0 ? "" : ", ")
                    .append(Sql.id(schema.fields().get(i).name()));
        }
        select.append(" FROM ").append(relation());
        if (offset > 0 || n < rows) {
            select.append(" WHERE rowid >= ")
                    .append(offset)
                    .append(" AND rowid < ")
                    .append(offset + n);
        }
        select.append(" ORDER BY rowid");
        try (SqlSession db = session()) {
            db.query(select.toString(), rs -> {
                while (rs.next()) {
                    for (int i = 0; i < builders.size(); i++) {
                        read(rs, i + 1, builders.get(i));
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            throw new InternalException("cannot read the dataset: " + SqlSession.firstLine(e.getMessage()), e);
        }
        long[] source = new long[n];
        for (int i = 0; i < n; i++) {
            source[i] = sourceRow(offset + i);
        }
        var columns = new ArrayList<Column>(builders.size());
        for (int i = 0; i < builders.size(); i++) {
            columns.add(spelled(builders.get(i).build(), schema.fields().get(i)));
        }
        return Table.of(columns, source);
    }

    /** A flag column as its file wrote it: the field's format is its spelling, e.g. {@code Yes/No}. */
    private static Column spelled(Column c, Field f) {
        List<String> words = f.flagWords();
        return c instanceof BooleanColumn b && words != null ? b.spelled(words.get(0), words.get(1)) : c;
    }

    private static void read(ResultSet rs, int i, ColumnBuilder b) throws SQLException {
        switch (b.type()) {
            case INTEGER, DECIMAL -> {
                double v = rs.getDouble(i);
                if (rs.wasNull()) {
                    b.addMissing();
                } else {
                    b.addNumber(v);
                }
            }
            case BOOLEAN -> {
                boolean v = rs.getBoolean(i);
                if (rs.wasNull()) {
                    b.addMissing();
                } else {
                    b.addBoolean(v);
                }
            }
            case CATEGORICAL, TEXT -> b.addString(rs.getString(i));
            case DATE -> b.addDate(rs.getObject(i, LocalDate.class));
            case TIMESTAMP -> b.addTimestamp(rs.getObject(i, LocalDateTime.class));
            case TIME -> b.addTime(rs.getObject(i, LocalTime.class));
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (SqlSession db = session()) {
            db.execute("DROP TABLE IF EXISTS " + relation());
        } catch (SQLException e) {
            throw new InternalException("cannot drop the dataset: " + SqlSession.firstLine(e.getMessage()), e);
        }
    }
}
