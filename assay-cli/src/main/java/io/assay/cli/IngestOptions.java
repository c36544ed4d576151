package io.assay.cli;

import io.assay.core.ingest.Ingest;
import io.assay.core.table.ColumnType;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** How to read the input file: the options every command that reads a table shares. */
final class IngestOptions {

    @Option(names = "--sheet", paramLabel = "NAME", description = "Workbook sheet to read (default: the first).")
    String sheet;

    @Option(
            names = "--header-row",
            paramLabel = "N",
            description = "Workbook: the row holding the column names, numbered as Excel shows it; rows above it are"
                    + " left out (default: detected below any title and notes).")
    Integer headerRow;

    @Option(
            names = "--type",
            paramLabel = "COLUMN=TYPE",
            description =
                    "Override a column's inferred type (integer, decimal, boolean, categorical, text, date, timestamp, time). Repeatable.")
    Map<String, String> types = new LinkedHashMap<>();

    @Option(names = "--delimiter", paramLabel = "CHAR", description = "CSV delimiter (default: detected).")
    String delimiter;

    @Option(
            names = "--encoding",
            paramLabel = "NAME",
            description = "CSV encoding: utf-8, utf-16 or latin-1 (default: detected).")
    String encoding;

    @Option(
            names = "--header",
            paramLabel = "auto|present|absent",
            defaultValue = "auto",
            description = "Whether the first CSV row holds column names (default: detected).")
    Ingest.Header header = Ingest.Header.AUTO;

    @Option(
            names = "--max-bad-rows",
            paramLabel = "SHARE",
            defaultValue = "0.01",
            description = "Share of unreadable rows tolerated before the file is refused (default: 0.01).")
    double maxBadRows = 0.01;

    Ingest.Options toOptions() {
        var typeMap = new LinkedHashMap<String, ColumnType>();
        types.forEach((column, type) -> typeMap.put(column, ColumnType.parse(type)));
        return Ingest.Options.defaults()
                .withSheet(sheet)
                .withHeaderRow(headerRow)
                .withTypes(typeMap)
                .withDelimiter(delimiter == null ? null : delimiter.equals("\\t") ? "\t" : delimiter)
                .withEncoding(encoding)
                .withHeader(header)
                .withMaxBadRowShare(maxBadRows);
    }
}
