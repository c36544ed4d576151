package io.assay.core.ingest;

import java.util.List;
import java.util.Map;

/**
 * A file made ready for typing: a SQL relation that yields its rows with unique column names, a cheaper relation
 * for sampling, the source's own column types, how it was read, and what was renamed.
 */
record SourcePlan(
        String relation,
        String sampleRelation,
        List<SourceColumn> columns,
        Map<String, String> dialect,
        List<IngestReport.ColumnRename> renames) {

    /** A column as the source gives it; {@code duckType} is DuckDB's type name (VARCHAR for text sources). */
    record SourceColumn(String name, String duckType) {

        boolean isText() {
            return duckType.equals("VARCHAR");
        }
    }
}
