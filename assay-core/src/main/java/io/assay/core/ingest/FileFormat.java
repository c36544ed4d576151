package io.assay.core.ingest;

import io.assay.core.error.InvalidFileException;
import io.assay.core.error.UnsupportedFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The file formats Assay reads, recognised by extension and confirmed by content. */
public enum FileFormat {
    /** Delimited text (comma, semicolon, tab, pipe), optionally gzip-compressed. */
    CSV,
    /** Office Open XML workbook. */
    XLSX,
    /** Apache Parquet. */
    PARQUET,
    /** One JSON object per line (also a JSON array of objects). */
    JSON_LINES;

    static final List<String> SUPPORTED = List.of(
            ".csv", ".tsv", ".txt", ".csv.gz", ".tsv.gz", ".xlsx", ".xlsm", ".parquet", ".jsonl", ".ndjson", ".json");

    /** The format of {@code file} by its name; {@link UnsupportedFormatException} for anything else. */
    public static FileFormat of(Path file) {
        if (Files.isDirectory(file)) {
            throw new InvalidFileException(file, FileProbe.DIRECTORY);
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot);
        return switch (ext) {
            case ".csv", ".tsv", ".txt", ".tab" -> CSV;
            case ".xlsx", ".xlsm" -> XLSX;
            case ".parquet", ".pq" -> PARQUET;
            case ".jsonl", ".ndjson", ".json" -> JSON_LINES;
            case ".xls" ->
                throw new UnsupportedFormatException(
                        file, "legacy Excel 97-2003 workbooks (.xls) are not read; save it as .xlsx", SUPPORTED);
            case "" -> throw new UnsupportedFormatException(file, "the file has no extension", SUPPORTED);
            default -> throw new UnsupportedFormatException(file, "'" + ext + "' files are not supported", SUPPORTED);
        };
    }

    public String label() {
        return switch (this) {
            case CSV -> "csv";
            case XLSX -> "xlsx";
            case PARQUET -> "parquet";
            case JSON_LINES -> "jsonl";
        };
    }
}
