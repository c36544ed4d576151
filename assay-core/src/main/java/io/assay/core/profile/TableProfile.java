package io.assay.core.profile;

import io.assay.core.ingest.IngestReport;
import java.util.List;

/**
 * The profile of a whole table: one {@link ColumnProfile} per column, the {@link DataQuality} score, and the
 * {@link IngestReport} of how the file was read.
 */
public record TableProfile(
        long rows, List<ColumnProfile> columns, DataQuality quality, IngestReport ingest, double seconds) {

    public TableProfile {
        columns = List.copyOf(columns);
    }
}
