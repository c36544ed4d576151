package io.assay.core.ingest;

import io.assay.core.Progress;
import io.assay.core.error.AssayException;
import io.assay.core.error.InternalException;
import io.assay.core.error.InvalidFileException;
import io.assay.core.error.InvalidOptionException;
import io.assay.core.sql.DuckEngine;
import io.assay.core.sql.Sql;
import io.assay.core.sql.SqlSession;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** One ingest: dispatches on the format, types the columns, checks the result and cleans up on any failure. */
final class Loader {

    private final DuckEngine engine;
    private final Path file;
    private final Ingest.Options options;
    private final Progress progress;
    private final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);

    Loader(DuckEngine engine, Path file, Ingest.Options options, Progress progress) {
        this.engine = engine;
        this.file = file;
        this.options = options;
        this.progress = progress;
    }

    Dataset load() {
        FileFormat format = FileFormat.of(file);
        if (options.headerRow() != null && format != FileFormat.XLSX) {
            throw new InvalidOptionException(
                    "header row",
                    options.headerRow(),
                    "names the header row of a workbook sheet (.xlsx); " + file.getFileName() + " is " + format.label()
                            + (format == FileFormat.CSV ? " (its header: --header)" : ""));
        }
        if (options.sheet() != null && format != FileFormat.XLSX) {
            throw new InvalidOptionException(
                    "sheet",
                    options.sheet(),
                    "chooses a worksheet of a workbook (.xlsx); " + file.getFileName() + " is " + format.label());
        }
        progress.update("reading " + file.getFileName(), 0.0);
        FileProbe probe = FileProbe.of(file, options.maxUncompressedBytes());
        String table = "dataset_" + id;
        String source = "source_" + id;
        SqlSession db = new SqlSession(engine);
        CsvSource csv = null;
        try {
            SourcePlan plan = switch (format) {
                case CSV -> (csv = new CsvSource(db, file, probe, options, id)).plan();
                case XLSX -> new ExcelSource(db, file, probe, options, source).load();
                case PARQUET -> parquet(db, probe);
                case JSON_LINES -> json(db, probe, source);
            };
            progress.update("typing columns", 0.3);
            TypedLoader.Result typed;
            try {
                typed = new TypedLoader(db, options, progress).load(table, plan);
            } catch (SQLException e) {
                throw csv != null
                        ? csv.translate(e)
                        : new InvalidFileException(file, "cannot be read: " + SqlSession.firstLine(e.getMessage()), e);
            }
            var skipped = new ArrayList<IngestReport.SkippedRow>();
            long skippedCount = 0;
            long[] skippedDataRows = new long[0];
            if (csv != null) {
                var rejects = rejects(db, csv, plan);
                skippedCount = rejects.size();
                skippedDataRows = new long[rejects.size()];
                boolean header = plan.dialect().get("header").startsWith("present");
                for (int i = 0; i < rejects.size(); i++) {
                    skippedDataRows[i] = Math.max(0, rejects.get(i).line() - 1 - (header ? 1 : 0));
                    if (i < IngestReport.MAX_EXAMPLES) {
                        skipped.add(rejects.get(i));
                    }
                }
                long allowed = (long) Math.floor(options.maxBadRowShare() * (typed.rows() + skippedCount));
                if (skippedCount > allowed) {
                    var first = rejects.stream()
                            .limit(3)
                            .map(r -> "line " + r.line() + ": " + r.reason())
                            .toList();
                    throw new InvalidFileException(
                            file,
                            String.format(
                                    Locale.ROOT,
                                    "%d of %d rows cannot be read (%s%s); more than the %.1f%% tolerated",
                                    skippedCount,
                                    typed.rows() + skippedCount,
                                    String.join("; ", first),
                                    skippedCount > first.size() ? "; …" : "",
                                    100 * options.maxBadRowShare()));
                }
            }
            if (typed.rows() == 0) {
                throw new InvalidFileException(
                        file, format == FileFormat.CSV ? "has a header row but no data rows" : "has no data rows");
            }
            long[] mapping = skippedDataRows;
            var issues = typed.issues().stream()
                    .map(v -> new IngestReport.ValueIssue(
                            v.column(),
                            v.type(),
                            v.count(),
                            v.examples().stream()
                                    .map(b -> new IngestReport.BadValue(sourceRow(mapping, b.row()), b.value()))
                                    .toList()))
                    .toList();
            var dialect = new LinkedHashMap<>(plan.dialect());
            var report = new IngestReport(
                    file.toString(),
                    format,
                    probe.size(),
                    dialect,
                    typed.rows(),
                    plan.renames(),
                    skippedCount,
                    skipped,
                    typed.typings(),
                    issues,
                    plan.notes());
            dropQuietly(db, source);
            if (csv != null) {
                dropQuietly(db, csv.rejectsTable());
                dropQuietly(db, csv.rejectsScan());
            }
            progress.update("read " + typed.rows() + " rows", 1.0);
            return new Dataset(engine, table, typed.schema(), typed.rows(), report, skippedDataRows, typed.stats());
        } catch (AssayException e) {
            cleanup(db, table, source, csv);
            throw e;
        } catch (SQLException | RuntimeException e) {
            cleanup(db, table, source, csv);
            throw new InternalException("reading " + file.getFileName() + " failed: " + e.getMessage(), e);
        } finally {
            if (csv != null) {
                csv.cleanup();
            }
            db.close();
        }
    }

    private static long sourceRow(long[] sortedSkipped, long row) {
        long r = row;
        for (long s : sortedSkipped) {
            if (s <= r) {
                r++;
            }
        }
        return r;
    }

    private List<IngestReport.SkippedRow> rejects(SqlSession db, CsvSource csv, SourcePlan plan) throws SQLException {
        String t = Sql.id(csv.rejectsTable());
        boolean exists =
                db.queryLong("SELECT count(*) FROM duckdb_tables() WHERE table_name = " + Sql.str(csv.rejectsTable()))
                        > 0;
        if (!exists) {
            return List.of();
        }
        return db.query(
                "SELECT line, string_agg(DISTINCT error_message, '; ') FROM " + t
                        + " WHERE scan_id = (SELECT max(scan_id) FROM " + t + ") GROUP BY line ORDER BY line",
                rs -> {
                    var out = new ArrayList<IngestReport.SkippedRow>();
                    while (rs.next()) {
                        out.add(new IngestReport.SkippedRow(rs.getLong(1), reason(rs.getString(2))));
                    }
                    return out;
                });
    }

    private static String reason(String duckMessage) {
        String m = SqlSession.firstLine(duckMessage);
        var fields = java.util.regex.Pattern.compile("Expected Number of Columns: (\\d+) Found: (\\d+)")
                .matcher(m);
        if (fields.find()) {
            return "expected " + fields.group(1) + " fields, found " + fields.group(2);
        }
        return m;
    }

    private SourcePlan parquet(SqlSession db, FileProbe probe) throws SQLException {
        if (!probe.startsWith('P', 'A', 'R', '1')) {
            String kind = probe.binaryKind();
            throw new InvalidFileException(
                    file, "is not a Parquet file (it is " + (kind == null ? "text" : kind) + ")");
        }
        String relation = "read_parquet(" + Sql.str(file.toString()) + ")";
        return nativePlan(db, relation, "parquet");
    }

    private SourcePlan json(SqlSession db, FileProbe probe, String source) throws SQLException {
        String kind = probe.binaryKind();
        if (kind != null) {
            throw new InvalidFileException(file, "is " + kind + ", not JSON");
        }
        String relation =
                "read_json(" + Sql.str(file.toString()) + ", format = 'auto', records = true, sample_size = 20480"
                        + (probe.gzip() ? ", compression = 'gzip'" : "") + ")";
        try {
            db.execute("CREATE TABLE " + Sql.id(source) + " AS SELECT * FROM " + relation);
        } catch (SQLException e) {
            throw new InvalidFileException(file, "is not valid JSON lines: " + SqlSession.firstLine(e.getMessage()), e);
        }
        return nativePlan(db, Sql.id(source), "json");
    }

    private SourcePlan nativePlan(SqlSession db, String relation, String kind) throws SQLException {
        List<SourcePlan.SourceColumn> raw;
        try {
            raw = db.query("DESCRIBE SELECT * FROM " + relation, rs -> {
                var out = new ArrayList<SourcePlan.SourceColumn>();
                while (rs.next()) {
                    out.add(new SourcePlan.SourceColumn(rs.getString(1), rs.getString(2)));
                }
                return out;
            });
        } catch (SQLException e) {
            throw new InvalidFileException(
                    file, "cannot be read as " + kind + ": " + SqlSession.firstLine(e.getMessage()), e);
        }
        var renames = new ArrayList<IngestReport.ColumnRename>();
        var names = ColumnNames.unique(
                raw.stream().map(SourcePlan.SourceColumn::name).toList(), renames);
        var select = new StringBuilder("(SELECT ");
        var columns = new ArrayList<SourcePlan.SourceColumn>();
        for (int i = 0; i < raw.size(); i++) {
            select.append(i == 0 ? "" : ", ")
                    .append("#")
                    .append(i + 1)
                    .append(" AS ")
                    .append(Sql.id(names.get(i)));
            columns.add(new SourcePlan.SourceColumn(names.get(i), raw.get(i).duckType()));
        }
        select.append(" FROM ").append(relation).append(")");
        return new SourcePlan(select.toString(), select.toString(), columns, java.util.Map.of("format", kind), renames);
    }

    private void cleanup(SqlSession db, String table, String source, CsvSource csv) {
        dropQuietly(db, table);
        dropQuietly(db, source);
        if (csv != null) {
            dropQuietly(db, csv.rejectsTable());
            dropQuietly(db, csv.rejectsScan());
        }
    }

    private static void dropQuietly(SqlSession db, String table) {
        try {
            db.execute("DROP TABLE IF EXISTS " + Sql.id(table));
        } catch (SQLException ignored) {
            // best effort: the engine is in-memory, nothing survives it
        }
    }
}
