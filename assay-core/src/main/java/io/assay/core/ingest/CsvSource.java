package io.assay.core.ingest;

import io.assay.core.error.InvalidFileException;
import io.assay.core.sql.Sql;
import io.assay.core.sql.SqlSession;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Delimited text through DuckDB: its sniffer finds the dialect (delimiter, quote, escape, newline, header) and its
 * parallel reader loads the rows as text; rows with the wrong number of fields are collected in a rejects table with
 * their line numbers instead of failing the whole read.
 */
final class CsvSource {

    /**
     * Rows the dialect sniffer reads. Only the dialect and header are taken from it (types come from Assay's own
     * inference), which a few thousand rows settle; DuckDB's default of 20,480 costs several times longer on a wide
     * file. Rows further down that do not fit the dialect are still caught by the load, which records them.
     */
    private static final int SNIFF_ROWS = 4096;

    private static final Pattern LINE = Pattern.compile("CSV Error on Line: (\\d+)");
    private static final Pattern LINE_SIZE =
            Pattern.compile("Maximum line size of (\\d+) bytes exceeded\\. Actual Size:\\s*(\\d+) bytes");

    private final SqlSession db;
    private final Path file;
    private final FileProbe probe;
    private final Ingest.Options options;
    private final String rejectsTable;
    private final String rejectsScan;
    private Path transcoded;

    CsvSource(SqlSession db, Path file, FileProbe probe, Ingest.Options options, String id) {
        this.db = db;
        this.file = file;
        this.probe = probe;
        this.options = options;
        this.rejectsTable = "rejects_" + id;
        this.rejectsScan = "rejects_scan_" + id;
    }

    /** Deletes the UTF-8 copy of a UTF-16 file, if one was made. */
    void cleanup() {
        if (transcoded != null) {
            try {
                java.nio.file.Files.deleteIfExists(transcoded);
            } catch (java.io.IOException ignored) {
                // a temporary file; the operating system's temp cleaning removes it otherwise
            }
        }
    }

    private Path toUtf8(Path source, boolean gzip) {
        try {
            Path out = java.nio.file.Files.createTempFile("assay-utf8-", ".csv");
            try (var in = gzip
                            ? new java.util.zip.GZIPInputStream(java.nio.file.Files.newInputStream(source))
                            : java.nio.file.Files.newInputStream(source);
                    var reader = new java.io.InputStreamReader(in, StandardCharsets.UTF_16);
                    var writer = java.nio.file.Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                reader.transferTo(writer);
            }
            return out;
        } catch (java.io.IOException e) {
            throw new InvalidFileException(file, "cannot be read as UTF-16 text: " + e.getMessage(), e);
        }
    }

    String rejectsTable() {
        return rejectsTable;
    }

    String rejectsScan() {
        return rejectsScan;
    }

    SourcePlan plan() {
        String kind = probe.binaryKind();
        if (kind != null) {
            throw new InvalidFileException(file, "is " + kind + ", not delimited text");
        }
        String encoding = options.encoding() != null ? options.encoding() : probe.encoding();
        String compression = probe.gzip() ? "gzip" : "none";
        Path readable = file;
        if (encoding.equals("utf-16")) {
            // DuckDB reads little-endian UTF-16 only; every UTF-16 file is re-encoded to UTF-8 first
            readable = transcoded = toUtf8(file, probe.gzip());
            compression = "none";
        }
        String common =
                Sql.str(readable.toString()) + ", encoding = " + Sql.str(encoding.equals("utf-16") ? "utf-8" : encoding)
                        + ", compression = " + Sql.str(compression) + ", max_line_size = " + options.maxLineBytes();

        Dialect dialect = sniff(common, options.delimiter());
        if (dialect.columns() == 1 && options.delimiter() == null) {
            String guess = delimiterFromFirstLine(encoding);
            if (guess != null) {
                dialect = sniff(common, guess);
            }
        }
        boolean header = switch (options.header()) {
            case PRESENT -> true;
            case ABSENT -> false;
            case AUTO -> dialect.header();
        };
        String layout = common + ", delim = " + Sql.str(dialect.delimiter()) + ", quote = " + Sql.str(dialect.quote())
                + ", escape = " + Sql.str(dialect.escape()) + ", new_line = " + Sql.str(dialect.newline());

        List<String> raw = firstRow(layout, dialect.columns());
        var renames = new ArrayList<IngestReport.ColumnRename>();
        List<String> names;
        if (header) {
            names = ColumnNames.unique(raw, renames);
        } else {
            var generated = new ArrayList<String>();
            for (int i = 0; i < raw.size(); i++) {
                generated.add("column_" + (i + 1));
            }
            names = generated;
        }
        String rejects = ", store_rejects = true, rejects_table = " + Sql.str(rejectsTable) + ", rejects_scan = "
                + Sql.str(rejectsScan);
        String start = layout + ", header = " + header + ", auto_detect = false, null_padding = false, columns = ";
        String relation = "read_csv(" + start + columnTypes(names, Map.of()) + ")";
        String rejectsRelation = "read_csv(" + start + columnTypes(names, Map.of()) + rejects + ")";
        String sample = "read_csv(" + start + columnTypes(names, Map.of()) + ", ignore_errors = true)";
        // the fast reader parses some columns natively and fails on the first thing it cannot read (the loader then
        // falls back to the text reader above, which records every problem)
        java.util.function.Function<Map<String, String>, String> typed =
                types -> "read_csv(" + start + columnTypes(names, types) + ")";

        var info = new LinkedHashMap<String, String>();
        info.put("delimiter", dialect.delimiter());
        info.put("quote", dialect.quote());
        info.put("encoding", encoding);
        info.put("compression", compression);
        info.put("header", header ? "present" : "absent (columns named column_1, column_2, ...)");
        var columns = names.stream()
                .map(n -> new SourcePlan.SourceColumn(n, "VARCHAR"))
                .toList();
        return new SourcePlan(
                relation, sample, columns, info, renames, typed, rejectsRelation, rejectsTable, List.of());
    }

    private static String columnTypes(List<String> names, Map<String, String> types) {
        var sb = new StringBuilder("{");
        for (int i = 0; i < names.size(); i++) {
            sb.append(i == 0 ? "" : ", ")
                    .append(Sql.str(names.get(i)))
                    .append(": ")
                    .append(Sql.str(types.getOrDefault(names.get(i), "VARCHAR")));
        }
        return sb.append('}').toString();
    }

    private record Dialect(
            String delimiter, String quote, String escape, String newline, boolean header, int columns) {}

    private Dialect sniff(String common, String delimiter) {
        String sql = "SELECT Delimiter, Quote, Escape, NewLineDelimiter, HasHeader, len(Columns) FROM sniff_csv("
                + common + (delimiter == null ? "" : ", delim = " + Sql.str(delimiter))
                + ", sample_size = " + SNIFF_ROWS + ", ignore_errors = true)";
        try {
            return db.query(sql, rs -> {
                rs.next();
                String quote = rs.getString(2);
                String escape = rs.getString(3);
                return new Dialect(
                        rs.getString(1),
                        unset(quote) ? "\"" : quote,
                        unset(escape) ? "\"" : escape,
                        newline(rs.getString(4)),
                        rs.getBoolean(5),
                        rs.getInt(6));
            });
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** The sniffer writes an option it did not find as "(empty)". */
    private static boolean unset(String option) {
        return option == null || option.isEmpty() || option.equals("(empty)");
    }

    private static String newline(String sniffed) {
        if (sniffed == null) {
            return "\\n";
        }
        return switch (sniffed) {
            case "\\r\\n", "\r\n" -> "\\r\\n";
            case "\\r", "\r" -> "\\r";
            default -> "\\n";
        };
    }

    /** When the sniffer sees one column, the delimiter that splits the first line into the most fields. */
    private String delimiterFromFirstLine(String encoding) {
        Charset cs = switch (encoding) {
            case "latin-1" -> StandardCharsets.ISO_8859_1;
            case "utf-16" -> StandardCharsets.UTF_16;
            default -> StandardCharsets.UTF_8;
        };
        String head = new String(probe.head(), cs);
        int nl = head.indexOf('\n');
        String first = nl < 0 ? head : head.substring(0, nl);
        String best = null;
        int bestFields = 1;
        for (String d : List.of(",", ";", "\t", "|")) {
            int fields = first.split(Pattern.quote(d), -1).length;
            if (fields > bestFields) {
                best = d;
                bestFields = fields;
            }
        }
        return best;
    }

    private List<String> firstRow(String layout, int columns) {
        try {
            return firstRow(layout, columns, ", null_padding = true");
        } catch (InvalidFileException e) {
            // DuckDB refuses null padding for files with line breaks inside quoted fields
            return firstRow(layout, columns, "");
        }
    }

    private List<String> firstRow(String layout, int columns, String padding) {
        String sql = "SELECT * FROM read_csv(" + layout + ", header = false, all_varchar = true, auto_detect = false,"
                + " columns = " + positionalColumns(columns) + padding + ", ignore_errors = true) LIMIT 1";
        try {
            return db.query(sql, rs -> {
                var out = new ArrayList<String>();
                if (rs.next()) {
                    int n = rs.getMetaData().getColumnCount();
                    for (int i = 1; i <= n; i++) {
                        out.add(rs.getString(i));
                    }
                }
                return out;
            });
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    private static String positionalColumns(int n) {
        var sb = new StringBuilder("{");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append("'c").append(i).append("': 'VARCHAR'");
        }
        return sb.append('}').toString();
    }

    /**
     * The number (from 1, the header being line 1) of the first line of the file longer than {@code limit} bytes, or 0
     * when no line is (a quoted field that runs over several lines made the long one).
     */
    private long firstLineLongerThan(long limit) {
        Path readable = transcoded != null ? transcoded : file;
        try (var raw = java.nio.file.Files.newInputStream(readable);
                var in = transcoded == null && probe.gzip() ? new java.util.zip.GZIPInputStream(raw, 1 << 16) : raw) {
            byte[] buffer = new byte[1 << 16];
            long line = 1;
            long length = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        line++;
                        length = 0;
                    } else if (buffer[i] != '\r' && ++length > limit) {
                        return line;
                    }
                }
            }
            return 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /** Turns a DuckDB CSV error into one sentence about the file. */
    InvalidFileException translate(SQLException e) {
        String msg = e.getMessage() == null ? "" : e.getMessage();
        Matcher line = LINE.matcher(msg);
        String where = line.find() ? "line " + line.group(1) : "a line";
        Matcher size = LINE_SIZE.matcher(msg);
        if (size.find()) {
            // DuckDB numbers the line within the part of the file it was reading, not in the file: count it here
            long number = firstLineLongerThan(Long.parseLong(size.group(1)));
            return new InvalidFileException(
                    file,
                    String.format(
                            Locale.ROOT,
                            "%s is %,d bytes long, over the %,d-byte limit for one line: a field that large is not"
                                    + " tabular data (an unclosed quote joins the lines after it into one); fix or"
                                    + " shorten it (a program using the library can raise Ingest.Options.maxLineBytes)",
                            number > 0 ? "line " + number : "a line",
                            Long.parseLong(size.group(2)),
                            Long.parseLong(size.group(1))),
                    e);
        }
        if (msg.contains("Invalid unicode")) {
            return new InvalidFileException(
                    file,
                    "is not valid " + probe.encoding() + " text at " + where + "; give its encoding (e.g. latin-1)",
                    e);
        }
        return new InvalidFileException(file, "cannot be read as delimited text: " + SqlSession.firstLine(msg), e);
    }
}
