package io.assay.core.ingest;

import java.util.List;
import java.util.Map;

/**
 * A file made ready for typing: a SQL relation that yields its rows with unique column names, a cheaper relation
 * for sampling, the source's own column types, how it was read, and what was renamed.
 *
 * <p>A text source may also offer a {@code typedRelation}: the same rows with some columns parsed natively by the
 * reader (much faster than converting text in SQL), and the {@code rejectsTable} where the reader records values it
 * could not parse; when any were recorded, the loader falls back to {@code relation}.
 */
record SourcePlan(
        String relation,
        String sampleRelation,
        List<SourceColumn> columns,
        Map<String, String> dialect,
        List<IngestReport.ColumnRename> renames,
        java.util.function.Function<Map<String, String>, String> typedRelation,
        String rejectsTable) {

    SourcePlan(
            String relation,
            String sampleRelation,
            List<SourceColumn> columns,
            Map<String, String> dialect,
            List<IngestReport.ColumnRename> renames) {
        this(relation, sampleRelation, columns, dialect, renames, null, null);
    }

    /** A column as the source gives it; {@code duckType} is DuckDB's type name (VARCHAR for text sources). */
    record SourceColumn(String name, String duckType) {

        boolean isText() {
            return duckType.equals("VARCHAR");
        }
    }
}
