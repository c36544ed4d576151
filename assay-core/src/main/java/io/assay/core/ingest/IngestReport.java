package io.assay.core.ingest;

import io.assay.core.table.ColumnType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything ingest decided and every problem it met, so that nothing is dropped silently: how the file was read,
 * which columns were renamed, which rows were skipped (by line), how each column was typed, and which values did
 * not fit their column's type (they became missing; counts and examples here).
 *
 * @param file the path as given
 * @param format the format read
 * @param bytes the file's size on disk
 * @param dialect how the file was read: delimiter, quote, encoding, compression, header, sheet
 * @param rows data rows loaded
 * @param renamedColumns columns whose header was empty or duplicated, with the unique name given
 * @param skippedRowCount rows skipped as unreadable (wrong number of fields, invalid encoding)
 * @param skippedRows the first of those, by line
 * @param columns how each column was typed
 * @param valueIssues per column, the values that did not fit its type
 * @param notes what a person should know about how the file was read: the sheet read when a workbook has others, a
 *     title above the header or a total row below the data that were left out
 */
public record IngestReport(
        String file,
        FileFormat format,
        long bytes,
        Map<String, String> dialect,
        long rows,
        List<ColumnRename> renamedColumns,
        long skippedRowCount,
        List<SkippedRow> skippedRows,
        List<ColumnTyping> columns,
        List<ValueIssue> valueIssues,
        List<String> notes) {

    /** At most this many skipped rows and bad values per column are listed; counts are always complete. */
    public static final int MAX_EXAMPLES = 20;

    public IngestReport {
        dialect = Map.copyOf(dialect);
        renamedColumns = List.copyOf(renamedColumns);
        skippedRows = List.copyOf(skippedRows);
        columns = List.copyOf(columns);
        valueIssues = List.copyOf(valueIssues);
        notes = notes == null ? List.of() : List.copyOf(notes); // absent from reports saved before notes existed
    }

    /** A header cell that was empty or repeated, and the name the column got. */
    public record ColumnRename(int position, String original, String name, String reason) {}

    /** A source row that could not be read; {@code line} is the 1-based line in the file. */
    public record SkippedRow(long line, String reason) {}

    /**
     * How a column was typed: {@code decidedBy} is {@code inferred}, {@code override} or {@code source} (the file
     * format carries types); {@code format} says how values were written (e.g. {@code %d/%m/%Y}, {@code currency}).
     */
    public record ColumnTyping(String name, ColumnType type, String format, String decidedBy) {}

    /** Values of a column that did not fit its type and became missing. */
    public record ValueIssue(String column, ColumnType type, long count, List<BadValue> examples) {
        public ValueIssue {
            examples = List.copyOf(examples);
        }
    }

    /** One value that did not fit; {@code row} is the 0-based data row. */
    public record BadValue(long row, String value) {}

    /** How the column's values were written in the source ({@code %d/%m/%Y}, {@code currency}, ...), or empty. */
    public String schemaFormat(String column) {
        return columns.stream()
                .filter(c -> c.name().equals(column))
                .map(ColumnTyping::format)
                .findFirst()
                .orElseThrow(() -> new io.assay.core.error.ColumnNotFoundException(
                        column, columns.stream().map(ColumnTyping::name).toList()));
    }

    /** Values that became missing because they did not fit their column's type, over all columns. */
    public long badValueCount() {
        return valueIssues.stream().mapToLong(ValueIssue::count).sum();
    }

    /**
     * One line per thing a person reading the result should know, for people: the {@link #notes} first (how the file
     * was read), then the problems: renamed columns, skipped rows, values that did not fit.
     */
    public List<String> problems() {
        var out = new ArrayList<>(notes);
        for (ColumnRename r : renamedColumns) {
            out.add("column " + (r.position() + 1) + " " + r.reason() + ": named '" + r.name() + "'");
        }
        if (skippedRowCount > 0) {
            var lines = skippedRows.stream()
                    .limit(5)
                    .map(s -> "line " + s.line() + ": " + s.reason())
                    .toList();
            out.add(skippedRowCount + " row(s) skipped (" + String.join("; ", lines)
                    + (skippedRowCount > lines.size() ? "; …" : "") + ")");
        }
        for (ValueIssue v : valueIssues) {
            var examples = v.examples().stream()
                    .limit(3)
                    .map(b -> "row " + b.row() + " '" + abbreviate(b.value()) + "'")
                    .toList();
            out.add(v.count() + " value(s) in '" + v.column() + "' are not " + article(v.type())
                    + " and became missing (" + String.join(", ", examples) + ")");
        }
        return out;
    }

    private static String article(ColumnType t) {
        return switch (t) {
            case INTEGER -> "integers";
            case DECIMAL -> "numbers";
            case BOOLEAN -> "yes/no values";
            case DATE -> "dates";
            case TIMESTAMP -> "timestamps";
            case TIME -> "times of day";
            case CATEGORICAL, TEXT -> "text";
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
