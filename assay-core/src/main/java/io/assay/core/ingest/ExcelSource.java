package io.assay.core.ingest;

import io.assay.core.error.InvalidFileException;
import io.assay.core.error.InvalidOptionException;
import io.assay.core.sql.Sql;
import io.assay.core.sql.SqlSession;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * A worksheet streamed row by row (fastexcel-reader, never the whole workbook in memory) into a DuckDB text table,
 * which is then typed like a CSV file. Cells keep what Excel shows: dates as ISO dates, formulas as their cached
 * values, numbers exactly.
 */
final class ExcelSource {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE;
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"");
    private static final Pattern ESCAPED = Pattern.compile("\\\\.");
    private static final Pattern BRACKETS = Pattern.compile("\\[[^\\]]*\\]");
    private static final Pattern TOTAL =
            Pattern.compile("(?i)(grand\\s+)?totals?|sum|summe|gesamt|total\\s+general|totaux?");

    /** Non-empty rows read before choosing the header (a title and notes may sit above it). */
    private static final int LEAD_ROWS = 20;

    private final SqlSession db;
    private final Path file;
    private final FileProbe probe;
    private final Ingest.Options options;
    private final String table;

    ExcelSource(SqlSession db, Path file, FileProbe probe, Ingest.Options options, String table) {
        this.db = db;
        this.file = file;
        this.probe = probe;
        this.options = options;
        this.table = table;
    }

    SourcePlan load() throws SQLException {
        var inspection = XlsxInspector.inspect(file, probe, options.sheet(), options.maxUncompressedBytes());
        var renames = new ArrayList<IngestReport.ColumnRename>();
        var notes = new ArrayList<String>();
        List<String> names;
        long emptyRows = 0;
        try (var workbook = new ReadableWorkbook(file.toFile(), new ReadingOptions(true, false))) {
            Sheet sheet = workbook.findSheet(inspection.sheetName())
                    .orElseThrow(() -> new InvalidFileException(file, "has no sheet '" + inspection.sheetName() + "'"));
            try (Stream<Row> rows = sheet.openStream()) {
                Iterator<Row> rest = rows.iterator();
                var lead = new ArrayList<Row>(); // the rows up to the header
                int h;
                if (options.headerRow() != null) {
                    h = givenHeader(rest, lead, options.headerRow(), inspection.sheetName());
                } else {
                    long nonEmpty = 0; // the first rows, non-empty ones up to LEAD_ROWS, to find the header
                    while (rest.hasNext() && nonEmpty < LEAD_ROWS) {
                        Row r = rest.next();
                        lead.add(r);
                        nonEmpty += isEmpty(r) ? 0 : 1;
                    }
                    h = headerIndex(lead);
                }
                if (h < 0) {
                    throw new InvalidFileException(file, "sheet '" + inspection.sheetName() + "' is empty");
                }
                Row header = lead.get(h);
                var above = lead.subList(0, h).stream()
                        .filter(r -> !isEmpty(r))
                        .map(r -> "'" + abbreviate(text(r, firstNonEmpty(r))) + "'")
                        .toList();
                if (!above.isEmpty()) {
                    notes.add("sheet '" + inspection.sheetName() + "': the header is row " + header.getRowNum()
                            + (options.headerRow() != null
                                    ? ", as given; " + String.join(", ", above) + " above it left out"
                                    : ", the first row of several names; " + String.join(", ", above)
                                            + " above it read as a title, not data"));
                }
                Iterator<Row> it = java.util.stream.Stream.concat(
                                lead.subList(h + 1, lead.size()).stream(),
                                java.util.stream.StreamSupport.stream(
                                        java.util.Spliterators.spliteratorUnknownSize(rest, 0), false))
                        .iterator();
                int headerRow = header.getRowNum() - 1;
                for (var m : inspection.merged()) {
                    if (m.firstRow() <= headerRow && headerRow <= m.lastRow()) {
                        throw new InvalidFileException(
                                file,
                                "the header row of sheet '" + inspection.sheetName() + "' has merged cells (" + m.ref()
                                        + "); unmerge them so that every column has its own name");
                    }
                }
                var rawNames = new ArrayList<String>();
                int width = lastNonEmpty(header) + 1;
                for (int i = 0; i < width; i++) {
                    rawNames.add(text(header, i));
                }
                names = new ArrayList<>(ColumnNames.unique(rawNames, renames));
                create(names, 0);
                var conn = db.connection().unwrap(DuckDBConnection.class);
                DuckDBAppender appender = conn.createAppender(DuckDBConnection.DEFAULT_SCHEMA, table);
                Row footer = null; // a row that starts with TOTAL: left out if it is the last one
                try {
                    while (it.hasNext()) {
                        Row r = it.next();
                        if (isEmpty(r)) {
                            emptyRows++;
                            continue;
                        }
                        if (footer != null) {
                            append(appender, footer, names.size()); // not the last row: data after all
                            footer = null;
                        }
                        if (isTotal(r)) {
                            footer = r;
                            continue;
                        }
                        int last = lastNonEmpty(r) + 1;
                        if (last > names.size()) {
                            appender.close();
                            int before = names.size();
                            for (int i = before; i < last; i++) {
                                rawNames.add("");
                                String name = ColumnNames.unique(rawNames, new ArrayList<>())
                                        .get(i);
                                renames.add(new IngestReport.ColumnRename(
                                        i, "", name, "has no name (values found below an empty header cell)"));
                                names.add(name);
                            }
                            create(names, before);
                            appender = conn.createAppender(DuckDBConnection.DEFAULT_SCHEMA, table);
                        }
                        append(appender, r, names.size());
                    }
                } finally {
                    appender.close();
                }
                if (footer != null) {
                    notes.add("sheet '" + inspection.sheetName() + "': the last row (row " + footer.getRowNum()
                            + ", '" + abbreviate(text(footer, firstNonEmpty(footer)))
                            + "') is a total of the rows above, not data; left out");
                }
            }
        } catch (IOException | org.dhatim.fastexcel.reader.ExcelReaderException e) {
            throw new InvalidFileException(file, "cannot be read as a workbook: " + e.getMessage(), e);
        }
        var sheetNames = inspection.sheetNames();
        if (sheetNames.size() > 1 && options.sheet() == null) {
            notes.addFirst("workbook has " + sheetNames.size() + " sheets (" + String.join(", ", sheetNames)
                    + "); read '" + inspection.sheetName() + "'; choose with --sheet");
        }
        var dialect = new LinkedHashMap<String, String>();
        dialect.put("sheet", inspection.sheetName());
        dialect.put("sheets", String.join(", ", inspection.sheetNames()));
        if (emptyRows > 0) {
            dialect.put("empty rows skipped", Long.toString(emptyRows));
        }
        var columns = names.stream()
                .map(n -> new SourcePlan.SourceColumn(n, "VARCHAR"))
                .toList();
        return new SourcePlan(Sql.id(table), Sql.id(table), columns, dialect, renames).withNotes(notes);
    }

    private static void append(DuckDBAppender appender, Row r, int width) throws SQLException {
        appender.beginRow();
        for (int i = 0; i < width; i++) {
            String v = text(r, i);
            if (v == null) {
                appender.appendNull();
            } else {
                appender.append(v);
            }
        }
        appender.endRow();
    }

    /**
     * Reads the rows up to the given header row into {@code lead} and returns the header's index there; refuses a
     * header row beyond the sheet's last row or an empty one, naming the rows that do hold values.
     */
    private int givenHeader(Iterator<Row> rest, List<Row> lead, int headerRow, String sheetName) {
        int lastWithValues = 0;
        boolean more = false; // rows with values below the header row
        while (rest.hasNext()) {
            Row r = rest.next();
            if (r.getRowNum() > headerRow) {
                more = true;
                break;
            }
            lead.add(r);
            if (!isEmpty(r)) {
                lastWithValues = r.getRowNum();
            }
            if (r.getRowNum() == headerRow) {
                if (isEmpty(r)) {
                    break;
                }
                return lead.size() - 1;
            }
        }
        String reason = "row " + headerRow + " of sheet '" + sheetName + "' is empty"
                + (more
                        ? ""
                        : lastWithValues == 0
                                ? ", and so is every row above it"
                                : "; the sheet's last row with values is " + lastWithValues);
        throw new InvalidOptionException("header row", headerRow, reason);
    }

    /**
     * The header among the first rows: the first non-empty row, unless rows holding one text value each (a title, a
     * note) sit above a row of text at least three columns wide; then that row. -1 when all rows are empty.
     */
    private static int headerIndex(List<Row> lead) {
        int first = -1;
        for (int i = 0; i < lead.size(); i++) {
            Row r = lead.get(i);
            if (isEmpty(r)) {
                continue;
            }
            first = first < 0 ? i : first;
            boolean title = values(r) == 1 && allText(r);
            if (!title) {
                return lastNonEmpty(r) + 1 >= 3 && allText(r) ? i : first;
            }
        }
        return first;
    }

    private static int values(Row r) {
        int n = 0;
        for (int i = 0; i < r.getCellCount(); i++) {
            n += text(r, i) == null ? 0 : 1;
        }
        return n;
    }

    private static boolean allText(Row r) {
        for (int i = 0; i < r.getCellCount(); i++) {
            Cell c = r.getCell(i);
            if (c != null && c.getType() != CellType.STRING && c.getType() != CellType.EMPTY) {
                return false;
            }
        }
        return true;
    }

    /** A row whose first value is TOTAL, Totals, Grand total or Sum: a footer when it is the sheet's last. */
    private static boolean isTotal(Row r) {
        String first = text(r, firstNonEmpty(r));
        return first != null && TOTAL.matcher(first.strip()).matches();
    }

    private static int firstNonEmpty(Row r) {
        for (int i = 0; i < r.getCellCount(); i++) {
            if (text(r, i) != null) {
                return i;
            }
        }
        return 0;
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    /** Creates the text table, or adds the columns from {@code from} on when it grows. */
    private void create(List<String> names, int from) throws SQLException {
        if (from == 0) {
            var cols = names.stream().map(n -> Sql.id(n) + " VARCHAR").toList();
            db.execute("CREATE TABLE " + Sql.id(table) + " (" + String.join(", ", cols) + ")");
        } else {
            for (int i = from; i < names.size(); i++) {
                db.execute("ALTER TABLE " + Sql.id(table) + " ADD COLUMN " + Sql.id(names.get(i)) + " VARCHAR");
            }
        }
    }

    private static boolean isEmpty(Row r) {
        return lastNonEmpty(r) < 0;
    }

    private static int lastNonEmpty(Row r) {
        for (int i = r.getCellCount() - 1; i >= 0; i--) {
            if (text(r, i) != null) {
                return i;
            }
        }
        return -1;
    }

    /** The cell as text a person would read, or null when empty. */
    static String text(Row r, int i) {
        if (i >= r.getCellCount()) {
            return null;
        }
        Cell c = r.getCell(i);
        if (c == null) {
            return null;
        }
        String raw = c.getRawValue();
        String out = switch (c.getType()) {
            case EMPTY -> null;
            case BOOLEAN -> "1".equals(raw) || "true".equalsIgnoreCase(raw) ? "true" : "false";
            case NUMBER -> number(c);
            case FORMULA -> raw == null ? null : (isDate(c) && isNumeric(raw) ? date(c) : plainNumberOrText(raw));
            case STRING -> c.asString();
            case ERROR -> raw;
        };
        return out == null || out.isEmpty() ? null : out;
    }

    private static String number(Cell c) {
        if (isDate(c)) {
            return date(c);
        }
        BigDecimal n = c.asNumber();
        return n == null ? null : n.stripTrailingZeros().toPlainString();
    }

    private static boolean isNumeric(String raw) {
        try {
            new BigDecimal(raw);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String plainNumberOrText(String raw) {
        return isNumeric(raw) ? new BigDecimal(raw).stripTrailingZeros().toPlainString() : raw;
    }

    private static String date(Cell c) {
        LocalDateTime t;
        try {
            t = c.asDate();
        } catch (RuntimeException e) {
            t = null;
        }
        if (t == null) {
            return c.getRawValue();
        }
        double serial = Double.parseDouble(c.getRawValue());
        String fmt = formatCode(c).toLowerCase(java.util.Locale.ROOT);
        boolean hasTime = fmt.contains("h") || fmt.contains("s") || serial != Math.floor(serial);
        boolean hasDate = fmt.contains("d") || fmt.contains("y") || serial >= 1;
        if (!hasDate) {
            return t.toLocalTime().withNano(0).format(DateTimeFormatter.ISO_LOCAL_TIME);
        }
        if (!hasTime || t.toLocalTime().equals(LocalTime.MIDNIGHT)) {
            return t.toLocalDate().format(DATE);
        }
        return t.withNano(0).format(DATE_TIME);
    }

    private static String formatCode(Cell c) {
        String f = c.getDataFormatString();
        if (f == null) {
            return "";
        }
        f = QUOTED.matcher(f).replaceAll("");
        f = ESCAPED.matcher(f).replaceAll("");
        f = BRACKETS.matcher(f).replaceAll("");
        int semicolon = f.indexOf(';');
        return semicolon < 0 ? f : f.substring(0, semicolon);
    }

    /** Whether a numeric cell is shown as a date or time (built-in date formats or a custom one with d/m/y/h/s). */
    static boolean isDate(Cell c) {
        Integer id = c.getDataFormatId();
        if (id != null
                && ((id >= 14 && id <= 22)
                        || (id >= 45 && id <= 47)
                        || (id >= 27 && id <= 36)
                        || (id >= 50 && id <= 58))) {
            return true;
        }
        String f = formatCode(c).toLowerCase(java.util.Locale.ROOT);
        if (f.isEmpty() || f.equals("general")) {
            return false;
        }
        return f.chars().anyMatch(ch -> ch == 'd' || ch == 'y' || ch == 'h' || ch == 's' || ch == 'm')
                && f.chars().noneMatch(ch -> ch == '0' || ch == '#' || ch == '?');
    }
}
