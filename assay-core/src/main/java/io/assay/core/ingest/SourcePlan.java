package io.assay.core.ingest;

import java.util.List;
import java.util.Map;

/**
 * A file made ready for typing: a SQL relation that yields its rows with unique column names, a cheaper relation
 * for sampling, the source's own column types, how it was read, and what was renamed.
 *
 * <p>A text source may also offer a {@code typedRelation}: the same rows with some columns parsed natively by the
 * reader (much faster than converting text in SQL); when it meets anything it cannot parse, the loader falls back
 * to {@code relation}. A CSV source also offers a {@code rejectsRelation} that skips unreadable rows (wrong number of
 * fields, bad encoding) into {@code rejectsTable} with their line numbers, for files where {@code relation} fails.
 * {@code notes} say what a person should know about how the source was read.
 */
record SourcePlan(
        String relation,
        String sampleRelation,
        List<SourceColumn> columns,
        Map<String, String> dialect,
        List<IngestReport.ColumnRename> renames,
        java.util.function.Function<Map<String, String>, String> typedRelation,
        String rejectsRelation,
        String rejectsTable,
        List<String> notes) {

    SourcePlan(
            String relation,
            String sampleRelation,
            List<SourceColumn> columns,
            Map<String, String> dialect,
            List<IngestReport.ColumnRename> renames) {
        this(relation, sampleRelation, columns, dialect, renames, null, null, null, List.of());
    }

    /** The same plan with what a person should know about how the source was read (the sheet, a title skipped). */
    SourcePlan withNotes(List<String> more) {
        return new SourcePlan(
                relation,
                sampleRelation,
                columns,
                dialect,
                renames,
                typedRelation,
                rejectsRelation,
                rejectsTable,
                List.copyOf(more));
    }

    /** A column as the source gives it; {@code duckType} is DuckDB's type name (VARCHAR for text sources). */
    record SourceColumn(String name, String duckType) {

        boolean isText() {
            return duckType.equals("VARCHAR");
        }
    }
}
