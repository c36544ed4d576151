package io.assay.core.ingest;

import io.assay.core.Progress;
import io.assay.core.error.InvalidOptionException;
import io.assay.core.sql.DuckEngine;
import io.assay.core.table.ColumnType;
import io.assay.core.table.Table;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a business table from CSV/TSV (plain or gzip), XLSX, Parquet or JSON lines into typed columns, with every
 * decision and problem in an {@link IngestReport}. DuckDB does the reading (its CSV sniffer finds delimiter, quoting
 * and header), a streaming reader does Excel, and Assay's type inference turns text into numbers, flags, dates and
 * categories the way a person would read them.
 *
 * <p>Ingest either succeeds completely or throws an {@link io.assay.core.error.AssayException} with one clear
 * sentence and leaves nothing behind.
 *
 * <pre>{@code
 * Ingested in = Ingest.read(Path.of("sales.csv"), Ingest.Options.defaults());
 * Table table = in.table();
 * in.report().problems().forEach(System.out::println);
 *
 * try (Dataset big = Ingest.open(engine, Path.of("big.csv"), Ingest.Options.defaults(), Progress.NONE)) {
 *     // stays in DuckDB: profile it or query it without loading it into the Java heap
 * }
 * }</pre>
 */
public final class Ingest {

    /** Whether the first row of a CSV file holds column names. */
    public enum Header {
        AUTO,
        PRESENT,
        ABSENT
    }

    /**
     * How to read a file.
     *
     * @param sheet the workbook sheet to read (null: the first)
     * @param types column types chosen by the user, overriding inference
     * @param header whether a CSV file has a header row
     * @param delimiter a CSV delimiter (null: detect)
     * @param encoding a CSV text encoding, {@code utf-8}, {@code utf-16} or {@code latin-1} (null: detect)
     * @param maxBadRowShare share of rows that may be skipped as unreadable before the file is refused (0..1)
     * @param maxLineBytes longest CSV line accepted, in bytes
     * @param maxUncompressedBytes largest total size a workbook or a gzip file may expand to (decompression-bomb
     *     guard; gzip files are also refused beyond 100-fold once past 1 MiB)
     * @param sampleRows rows read to infer column types
     * @param headerRow the row of a workbook sheet that holds the column names, 1-based as Excel numbers rows (null:
     *     detected: the first row of several names below any title and notes); rows above it are left out
     */
    public record Options(
            String sheet,
            Map<String, ColumnType> types,
            Header header,
            String delimiter,
            String encoding,
            double maxBadRowShare,
            int maxLineBytes,
            long maxUncompressedBytes,
            int sampleRows,
            Integer headerRow) {

        /** The last row of an Excel worksheet. */
        public static final int MAX_SHEET_ROW = 1_048_576;

        public static final int DEFAULT_MAX_LINE_BYTES = 2 * 1024 * 1024;
        public static final long DEFAULT_MAX_UNCOMPRESSED_BYTES = 2L * 1024 * 1024 * 1024;

        public Options {
            types = types == null ? Map.of() : Map.copyOf(types);
            header = header == null ? Header.AUTO : header;
            if (delimiter != null && (delimiter.isEmpty() || delimiter.length() > 4)) {
                throw new InvalidOptionException(
                        "delimiter", delimiter, "give one to four characters, e.g. ';' or '\\t'");
            }
            if (encoding != null
                    && !java.util.Set.of("utf-8", "utf-16", "latin-1").contains(encoding)) {
                throw new InvalidOptionException("encoding", encoding, "use utf-8, utf-16 or latin-1");
            }
            if (!(maxBadRowShare >= 0 && maxBadRowShare <= 1)) {
                throw new InvalidOptionException("max bad row share", maxBadRowShare, "must be between 0 and 1");
            }
            if (maxLineBytes < 1024 || maxLineBytes > 256 * 1024 * 1024) {
                throw new InvalidOptionException("max line bytes", maxLineBytes, "must be between 1 KiB and 256 MiB");
            }
            if (maxUncompressedBytes < 1024) {
                throw new InvalidOptionException(
                        "max uncompressed bytes", maxUncompressedBytes, "must be at least 1 KiB");
            }
            if (sampleRows < 100) {
                throw new InvalidOptionException("sample rows", sampleRows, "must be at least 100");
            }
            if (headerRow != null && (headerRow < 1 || headerRow > MAX_SHEET_ROW)) {
                throw new InvalidOptionException(
                        "header row", headerRow, "give the row number Excel shows, from 1 to " + MAX_SHEET_ROW);
            }
        }

        public static Options defaults() {
            return new Options(
                    null,
                    Map.of(),
                    Header.AUTO,
                    null,
                    null,
                    0.01,
                    DEFAULT_MAX_LINE_BYTES,
                    DEFAULT_MAX_UNCOMPRESSED_BYTES,
                    10_000,
                    null);
        }

        public Options withSheet(String name) {
            return new Options(
                    name,
                    types,
                    header,
                    delimiter,
                    encoding,
                    maxBadRowShare,
                    maxLineBytes,
                    maxUncompressedBytes,
                    sampleRows,
                    headerRow);
        }

        /** These options with the header row of a workbook sheet given (1-based; null: detected). */
        public Options withHeaderRow(Integer row) {
            return new Options(
                    sheet,
                    types,
                    header,
                    delimiter,
                    encoding,
                    maxBadRowShare,
                    maxLineBytes,
                    maxUncompressedBytes,
                    sampleRows,
                    row);
        }

        public Options withType(String column, ColumnType type) {
            var t = new LinkedHashMap<>(types);
            t.put(column, type);
            return new Options(
                    sheet,
                    t,
                    header,
                    delimiter,
                    encoding,
                    maxBadRowShare,
                    maxLineBytes,
                    maxUncompressedBytes,
                    sampleRows,
                    headerRow);
        }

        public Options withTypes(Map<String, ColumnType> more) {
            var t = new LinkedHashMap<>(types);
            t.putAll(more);
            return new Options(
                    sheet,
                    t,
                    header,
                    delimiter,
                    encoding,
                    maxBadRowShare,
                    maxLineBytes,
                    maxUncompressedBytes,
                    sampleRows,
                    headerRow);
        }

        public Options withHeader(Header h) {
            return new Options(
                    sheet,
                    types,
                    h,
                    delimiter,
                    encoding,
                    maxBadRowShare,
                    maxLineBytes,
                    maxUncompressedBytes,
                    sampleRows,
                    headerRow);
        }

        public Options withDelimiter(String d) {
            return new Options(
                    sheet,
                    types,
                    header,
                    d,
                    encoding,
                    maxBadRowShare,
                    maxLineBytes,
                    maxUncompressedBytes,
                    sampleRows,
                    headerRow);
        }

        public Options withEncoding(String e) {
            return new Options(
                    sheet,
                    types,
                    header,
                    delimiter,
                    e,
                    maxBadRowShare,
                    maxLineBytes,
                    maxUncompressedBytes,
                    sampleRows,
                    headerRow);
        }

        public Options withMaxBadRowShare(double share) {
            return new Options(
                    sheet,
                    types,
                    header,
                    delimiter,
                    encoding,
                    share,
                    maxLineBytes,
                    maxUncompressedBytes,
                    sampleRows,
                    headerRow);
        }

        public Options withMaxLineBytes(int bytes) {
            return new Options(
                    sheet,
                    types,
                    header,
                    delimiter,
                    encoding,
                    maxBadRowShare,
                    bytes,
                    maxUncompressedBytes,
                    sampleRows,
                    headerRow);
        }

        public Options withMaxUncompressedBytes(long bytes) {
            return new Options(
                    sheet,
                    types,
                    header,
                    delimiter,
                    encoding,
                    maxBadRowShare,
                    maxLineBytes,
                    bytes,
                    sampleRows,
                    headerRow);
        }
    }

    /** A table read into memory together with the report of how it was read. */
    public record Ingested(Table table, IngestReport report) {}

    private Ingest() {}

    /**
     * Reads {@code file} into DuckDB inside {@code engine}; the dataset stays there (spilling to disk when large)
     * until closed.
     */
    public static Dataset open(DuckEngine engine, Path file, Options options, Progress progress) {
        return new Loader(engine, file, options, progress).load();
    }

    public static Dataset open(DuckEngine engine, Path file, Options options) {
        return open(engine, file, options, Progress.NONE);
    }

    /**
     * Refuses {@code file}, without reading it into anything, when reading it would: empty, or a gzip file that
     * expands past {@code maxUncompressedBytes} or 100-fold (a decompression bomb; it is expanded once, counted, into
     * nothing). For a service to answer at upload rather than in the job that reads the file later.
     */
    public static void checkCompressed(Path file, long maxUncompressedBytes) {
        FileProbe.of(file, maxUncompressedBytes);
    }

    /** Reads {@code file} into an in-memory {@link Table}, using a private engine. */
    public static Ingested read(Path file, Options options) {
        try (DuckEngine engine = DuckEngine.open(DuckEngine.Options.defaults(null));
                Dataset ds = open(engine, file, options)) {
            return new Ingested(ds.toTable(), ds.report());
        }
    }
}
