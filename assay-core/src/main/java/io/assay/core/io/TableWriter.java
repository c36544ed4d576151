package io.assay.core.io;

import io.assay.core.error.InternalException;
import io.assay.core.error.InvalidOptionException;
import io.assay.core.sql.DuckEngine;
import io.assay.core.sql.Sql;
import io.assay.core.sql.SqlSession;
import io.assay.core.table.Column;
import io.assay.core.table.ColumnType;
import io.assay.core.table.Table;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes tables to a file slice by slice, so output as large as the input never has to be in memory: CSV
 * (spreadsheet-safe, see {@link CsvWriter}), Parquet (through DuckDB) or JSON lines, chosen by the file's extension.
 *
 * <pre>{@code
 * try (TableWriter w = TableWriter.open(engine, Path.of("predictions.parquet"))) {
 *     for (Table slice : slices) w.write(slice);
 * }
 * }</pre>
 */
public final class TableWriter implements AutoCloseable {

    private enum Format {
        CSV,
        PARQUET,
        JSONL
    }

    private final Path file;
    private final Format format;
    private final DuckEngine engine;
    private CsvWriter csv;
    private SqlSession db;
    private String table;
    private List<String> columns;
    private long rows;

    private TableWriter(Path file, Format format, DuckEngine engine) {
        this.file = file;
        this.format = format;
        this.engine = engine;
    }

    public static TableWriter open(DuckEngine engine, Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        Format f;
        if (name.endsWith(".csv")) {
            f = Format.CSV;
        } else if (name.endsWith(".parquet")) {
            f = Format.PARQUET;
        } else if (name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".ndjson")) {
            f = Format.JSONL;
        } else {
            throw new InvalidOptionException("output file", file, "use a .csv, .parquet or .jsonl name");
        }
        return new TableWriter(file, f, engine);
    }

    public long rows() {
        return rows;
    }

    /** Appends the rows of {@code slice}; every slice must have the columns of the first. */
    public TableWriter write(Table slice) {
        if (columns == null) {
            columns = slice.columnNames();
            start(slice);
        } else if (!slice.columnNames().equals(columns)) {
            throw new IllegalArgumentException("slice columns " + slice.columnNames() + " differ from " + columns);
        }
        if (format == Format.CSV) {
            for (int r = 0; r < slice.rowCount(); r++) {
                var cells = new ArrayList<String>(columns.size());
                for (Column c : slice.columns()) {
                    cells.add(c.text(r));
                }
                csv.row(cells);
            }
        } else {
            append(slice);
        }
        rows += slice.rowCount();
        return this;
    }

    private void start(Table first) {
        if (format == Format.CSV) {
            csv = new CsvWriter(file);
            csv.row(columns);
            return;
        }
        db = new SqlSession(engine);
        table = "output_" + UUID.randomUUID().toString().replace("-", "");
        var defs = new ArrayList<String>();
        for (Column c : first.columns()) {
            defs.add(Sql.id(c.name()) + " " + duckType(c.type()));
        }
        try {
            db.execute("CREATE TEMP TABLE " + Sql.id(table) + " (" + String.join(", ", defs) + ")");
        } catch (SQLException e) {
            throw new InternalException("cannot prepare the output: " + SqlSession.firstLine(e.getMessage()), e);
        }
    }

    private static String duckType(ColumnType t) {
        return switch (t) {
            case INTEGER -> "BIGINT";
            case DECIMAL -> "DOUBLE";
            case BOOLEAN -> "BOOLEAN";
            case DATE -> "DATE";
            case TIMESTAMP -> "TIMESTAMP";
            case TIME -> "TIME";
            case CATEGORICAL, TEXT -> "VARCHAR";
        };
    }

    private void append(Table slice) {
        try {
            var conn = db.connection().unwrap(DuckDBConnection.class);
            try (DuckDBAppender a = conn.createAppender("temp", "main", table)) {
                for (int r = 0; r < slice.rowCount(); r++) {
                    a.beginRow();
                    for (Column c : slice.columns()) {
                        Object v = c.value(r);
                        switch (v) {
                            case null -> a.appendNull();
                            case Long l -> a.append(l.longValue());
                            case Double d -> a.append(d.doubleValue());
                            case Boolean b -> a.append(b.booleanValue());
                            case java.time.LocalDate d -> a.append(d);
                            case java.time.LocalDateTime t -> a.append(t);
                            case java.time.LocalTime t -> a.append(t);
                            default -> a.append(v.toString());
                        }
                    }
                    a.endRow();
                }
            }
        } catch (SQLException e) {
            throw new InternalException("cannot write the output: " + SqlSession.firstLine(e.getMessage()), e);
        }
    }

    @Override
    public void close() {
        if (csv != null) {
            csv.close();
        }
        if (db != null) {
            try {
                String options = format == Format.PARQUET ? "(FORMAT parquet)" : "(FORMAT json)";
                db.execute("COPY " + Sql.id(table) + " TO "
                        + Sql.str(file.toAbsolutePath().toString()) + " " + options);
                db.execute("DROP TABLE " + Sql.id(table));
            } catch (SQLException e) {
                throw new InvalidOptionException(
                        "output file", file, "cannot be written: " + SqlSession.firstLine(e.getMessage()));
            } finally {
                db.close();
            }
        }
    }
}
