package io.assay.server.datasets;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.assay.core.ingest.Ingest;
import java.time.Instant;

/**
 * An uploaded table: its name, format, size and checksum, whether it has been read and profiled
 * ({@code processing}, {@code ready}, {@code failed} with the reason), its shape, and when it expires.
 *
 * @param sheet the worksheet of a workbook to read (null: the first)
 * @param headerRow the row of that sheet holding the column names, 1-based as Excel shows it (null: detected)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetRecord(
        String id,
        @JsonIgnore String owner,
        String name,
        String format,
        long bytes,
        String sha256,
        @JsonIgnore String file,
        String sheet,
        Integer headerRow,
        String status,
        String errorType,
        String errorMessage,
        Long rows,
        Integer columns,
        Instant createdAt,
        Instant expiresAt) {

    public static final String PROCESSING = "processing";
    public static final String READY = "ready";
    public static final String FAILED = "failed";

    /** How every use of this dataset reads its file: the chosen worksheet and header row, else the defaults. */
    public Ingest.Options ingest() {
        return Ingest.Options.defaults().withSheet(sheet).withHeaderRow(headerRow);
    }
}
