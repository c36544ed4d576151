package io.assay.core.io;

import io.assay.core.error.InternalException;
import io.assay.core.error.InvalidOptionException;
import io.assay.core.sql.DuckEngine;
import io.assay.core.sql.Sql;
import io.assay.core.sql.SqlSession;
import io.assay.core.table.Column;
import io.assay.core.table.ColumnType;
import io.assay.core.table.Table;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes tables to a file slice by slice, so output as large as the input never has to be in memory: CSV
 * (spreadsheet-safe, see {@link CsvWriter}), Parquet (through DuckDB), JSON lines, or an Excel workbook (one worksheet
 * streamed to the file by fastexcel; text cells made inert as in CSV, numbers, flags and dates as Excel's own types),
 * chosen by the file's extension. A worksheet holds at most {@value #XLSX_MAX_ROWS} rows below its header: {@link #check}
 * refuses more before the work when the row count is known; a slice beyond it is refused.
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
        JSONL,
        XLSX
    }

    /** Rows an Excel worksheet holds below its header row. */
    public static final int XLSX_MAX_ROWS = Worksheet.MAX_ROWS - 1;

    /** The largest whole number Excel keeps exactly (15 digits); longer ones are written as text. */
    private static final long XLSX_EXACT = 999_999_999_999_999L;

    private final Path file;
    private final Format format;
    private final DuckEngine engine;
    private CsvWriter csv;
    private OutputStream xlsxFile;
    private Workbook workbook;
    private Worksheet sheet;
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
        return new TableWriter(file, format(file), engine);
    }

    /**
     * Refuses, before any work, a file whose extension names no format this writer has, or {@code rows} more rows than
     * its format holds (an Excel worksheet: {@value #XLSX_MAX_ROWS}).
     *
     * @throws InvalidOptionException naming the file and, for a worksheet, the formats without a limit
     */
    public static void check(Path file, long rows) {
        if (format(file) == Format.XLSX && rows > XLSX_MAX_ROWS) {
            throw new InvalidOptionException("output file", file, tooManyRows(rows));
        }
    }

    private static String tooManyRows(long rows) {
        return String.format(
                Locale.ROOT,
                "%,d rows do not fit in an Excel worksheet (at most %,d); write .csv or .parquet",
                rows,
                XLSX_MAX_ROWS);
    }

    private static Format format(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return Format.CSV;
        }
        if (name.endsWith(".parquet")) {
            return Format.PARQUET;
        }
        if (name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".ndjson")) {
            return Format.JSONL;
        }
        if (name.endsWith(".xlsx")) {
            return Format.XLSX;
        }
        throw new InvalidOptionException("output file", file, "use a .csv, .parquet, .jsonl or .xlsx name");
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
        } else if (format == Format.XLSX) {
            if (rows + slice.rowCount() > XLSX_MAX_ROWS) {
                throw new InvalidOptionException(
                        "output file", file.getFileName(), tooManyRows(rows + slice.rowCount()));
            }
            appendXlsx(slice);
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
        if (format == Format.XLSX) {
            startXlsx();
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

    private void startXlsx() {
        if (columns.size() > Worksheet.MAX_COLS) {
            throw new InvalidOptionException(
                    "output file",
                    file.getFileName(),
                    String.format(
                            Locale.ROOT,
                            "%,d columns do not fit in an Excel worksheet (at most %,d); write .csv or .parquet",
                            columns.size(),
                            Worksheet.MAX_COLS));
        }
        try {
            xlsxFile = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        } catch (IOException e) {
            throw new InvalidOptionException("output file", file, "cannot be written: " + e.getMessage());
        }
        workbook = new Workbook(xlsxFile, "Assay", "1.0");
        sheet = workbook.newWorksheet("rows");
        for (int c = 0; c < columns.size(); c++) {
            sheet.value(0, c, SpreadsheetText.inert(columns.get(c)));
            sheet.style(0, c).bold().set();
        }
        sheet.freezePane(0, 1);
    }

    private void appendXlsx(Table slice) {
        List<Column> cols = slice.columns();
        for (int r = 0; r < slice.rowCount(); r++) {
            int row = Math.toIntExact(rows + r + 1);
            for (int c = 0; c < cols.size(); c++) {
                Object v = cols.get(c).value(r);
                switch (v) {
                    case null -> {}
                    case Long l when Math.abs(l) <= XLSX_EXACT -> sheet.value(row, c, l);
                    case Double d when Double.isNaN(d) -> {}
                    case Double d when Double.isInfinite(d) -> sheet.value(row, c, SpreadsheetText.inert(d.toString()));
                    case Double d -> sheet.value(row, c, d);
                    case Boolean b -> sheet.value(row, c, b);
                    case LocalDate d -> {
                        sheet.value(row, c, d);
                        sheet.style(row, c).format("yyyy-mm-dd").set();
                    }
                    case LocalDateTime t -> {
                        sheet.value(row, c, t);
                        sheet.style(row, c).format("yyyy-mm-dd hh:mm:ss").set();
                    }
                    default -> sheet.value(row, c, SpreadsheetText.inert(v.toString()));
                }
            }
        }
        try {
            sheet.flush();
        } catch (IOException e) {
            throw new InvalidOptionException("output file", file, "cannot be written: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (csv != null) {
            csv.close();
        }
        if (workbook != null) {
            try (var out = xlsxFile) {
                workbook.finish();
            } catch (IOException e) {
                throw new InvalidOptionException("output file", file, "cannot be written: " + e.getMessage());
            }
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
