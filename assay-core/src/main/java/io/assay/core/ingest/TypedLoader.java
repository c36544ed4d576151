package io.assay.core.ingest;

import io.assay.core.error.ColumnNotFoundException;
import io.assay.core.sql.Sql;
import io.assay.core.sql.SqlSession;
import io.assay.core.table.ColumnType;
import io.assay.core.table.Field;
import io.assay.core.table.Identifiers;
import io.assay.core.table.Schema;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a source relation into a typed DuckDB table in one streaming pass.
 *
 * <ol>
 *   <li>Types are inferred from a sample ({@link TypeInference}).
 *   <li>When the source offers a typed reader (CSV), numbers and ISO dates are parsed by it directly: the fast path.
 *       If it meets a value it cannot parse, the table is built again from text, where every value is converted in SQL
 *       and values that do not fit are kept aside just long enough to be counted and quoted in the report.
 *   <li>When a whole column disagrees with its sample (more than 5% misfits), it is re-inferred from a sample of the
 *       whole file; identifier columns with a few non-numeric codes ("C544608") become categorical. The table is then
 *       rebuilt once.
 *   <li>Whole-number columns become integers; string columns become categorical or text by how varied they are.
 * </ol>
 */
final class TypedLoader {

    private static final String BAD = "__assay_bad_";
    private static final String RAW = "__assay_raw_";
    private static final String OUT_OF_RANGE = "out_of_range_";

    /**
     * Largest magnitude of an integer column's values: 2^53, the last integer a double holds exactly. A value
     * beyond it ("99999999999999999999999" among quantities) would come back changed; it is a misfit instead.
     */
    private static final String LARGEST_INTEGER = "9007199254740992";

    /** Largest magnitude of a decimal value: a finite double ("inf", "1e999999" are misfits). */
    private static final String LARGEST_DECIMAL = "1.7976931348623157e308";

    /** Distinct share above which a string column is text (names, ids) rather than categories. */
    private static final double TEXT_DISTINCT_SHARE = 0.5;

    private static final double TEXT_AVERAGE_LENGTH = 50;

    record Result(
            Schema schema,
            long rows,
            List<IngestReport.ColumnTyping> typings,
            List<IngestReport.ValueIssue> issues,
            Map<String, ColumnStats> stats) {}

    /** The sampled values of one column: distinct trimmed non-missing values with counts, and whether any were padded. */
    private record Sample(Map<String, Integer> values, boolean padded) {}

    /** The typing of one column. */
    private record Plan(
            int index,
            String name,
            String sourceType,
            ColumnType type,
            Conversion conversion,
            String format,
            String decidedBy,
            boolean forced,
            boolean trim) {

        boolean convertsText() {
            return conversion != Conversion.NATIVE && conversion != Conversion.NESTED_JSON;
        }

        Plan with(ColumnType newType, Conversion newConversion, String newFormat) {
            return new Plan(index, name, sourceType, newType, newConversion, newFormat, decidedBy, forced, trim);
        }

        Plan withIndex(int newIndex) {
            return new Plan(newIndex, name, sourceType, type, conversion, format, decidedBy, forced, trim);
        }

        /** The column as text, trimmed when the sample showed padded values. */
        String text(String column) {
            String text = sourceType.equals("VARCHAR") ? column : "CAST(" + column + " AS VARCHAR)";
            return trim ? "trim(" + text + ")" : text;
        }
    }

    private final SqlSession db;
    private final Ingest.Options options;
    private final io.assay.core.Progress progress;

    TypedLoader(SqlSession db, Ingest.Options options, io.assay.core.Progress progress) {
        this.db = db;
        this.options = options;
        this.progress = progress;
    }

    Result load(String table, SourcePlan source) throws SQLException {
        Map<String, ColumnType> forced = forcedTypes(source.columns());
        boolean semicolons = ";".equals(source.dialect().get("delimiter"));
        var firstSample = sample(source.sampleRelation(), source.columns(), forced, false);
        List<Plan> plans = decide(source.columns(), forced, firstSample, semicolons);
        boolean commaFile = semicolons || writesDecimalCommas(plans);
        if (commaFile && !semicolons) {
            // a column whose values read only as decimal commas decides the ambiguous ones ("489,048") elsewhere
            plans = decide(source.columns(), forced, firstSample, true);
        }
        progress.update("loading typed columns", 0.35);
        Map<String, String> nativeTypes = createFastOrRobust(table, source, plans);
        progress.update("checking values", 0.8);
        Map<String, Object> stats = stats(table, plans, nativeTypes);
        if (outOfRange(stats)) {
            // the typed reader took "inf", "1e999999" or an integer beyond 2^53: read from text, where they are misfits
            progress.update("reading again as text: numbers out of range", 0.85);
            db.execute("DROP TABLE " + Sql.id(table));
            nativeTypes = Map.of();
            createRobust(table, source, plans);
            stats = stats(table, plans, nativeTypes);
        }

        var retry = new ArrayList<SourcePlan.SourceColumn>();
        var identifiers = new ArrayList<String>();
        for (Plan p : plans) {
            if (hasBadColumn(p, nativeTypes) && !p.forced() && p.convertsText()) {
                long bad = (Long) stats.get(BAD + p.index());
                long good = (Long) stats.get("n" + p.index());
                if (bad > 0 && p.type().isNumeric() && Identifiers.looksLikeIdentifier(p.name())) {
                    identifiers.add(p.name()); // "C544608" in an invoice-number column: identifiers are labels
                } else if (bad > (1 - TypeInference.COVERAGE) * (bad + good)) {
                    retry.add(source.columns().get(p.index()));
                }
            }
        }
        if (!retry.isEmpty() || !identifiers.isEmpty()) {
            var redecided = new HashMap<String, Plan>();
            if (!retry.isEmpty()) {
                var wide = sample(source.relation(), retry, forced, true);
                for (Plan p : decide(retry, forced, wide, commaFile)) {
                    redecided.put(p.name(), p);
                }
            }
            plans = plans.stream()
                    .map(p -> identifiers.contains(p.name())
                            ? p.with(ColumnType.CATEGORICAL, Conversion.STRING, "")
                            : redecided.containsKey(p.name())
                                    ? redecided.get(p.name()).withIndex(p.index())
                                    : p)
                    .toList();
            db.execute("DROP TABLE " + Sql.id(table));
            nativeTypes = Map.of();
            createRobust(table, source, plans);
            stats = stats(table, plans, nativeTypes);
        }

        var finalPlans = new ArrayList<Plan>();
        for (Plan p : plans) {
            Plan done = p;
            if (p.type() == ColumnType.INTEGER && p.convertsText()) {
                if (!p.forced() && (Long) stats.get("frac" + p.index()) > 0) {
                    done = p.with(ColumnType.DECIMAL, p.conversion(), p.format());
                } else {
                    db.execute("ALTER TABLE " + Sql.id(table) + " ALTER " + Sql.id(p.name()) + " TYPE BIGINT");
                }
            }
            if (p.conversion() == Conversion.STRING && !p.forced()) {
                long count = (Long) stats.get("n" + p.index());
                long distinct = (Long) stats.get("distinct" + p.index());
                double avgLength = (Long) stats.get("len" + p.index()) / 1000.0;
                boolean text = avgLength > TEXT_AVERAGE_LENGTH
                        || (count >= 20 && distinct > TEXT_DISTINCT_SHARE * count)
                        || (count > 1 && count < 20 && distinct >= count);
                done = done.with(text ? ColumnType.TEXT : ColumnType.CATEGORICAL, done.conversion(), done.format());
            }
            finalPlans.add(done);
        }

        var issues = new ArrayList<IngestReport.ValueIssue>();
        for (Plan p : finalPlans) {
            if (!hasBadColumn(p, nativeTypes)) {
                continue;
            }
            String bad = Sql.id(BAD + p.index());
            long count = (Long) stats.get(BAD + p.index());
            if (count > 0) {
                List<IngestReport.BadValue> examples = db.query(
                        "SELECT rowid, " + bad + " FROM " + Sql.id(table) + " WHERE " + bad
                                + " IS NOT NULL ORDER BY rowid LIMIT " + IngestReport.MAX_EXAMPLES,
                        rs -> {
                            var out = new ArrayList<IngestReport.BadValue>();
                            while (rs.next()) {
                                out.add(new IngestReport.BadValue(rs.getLong(1), rs.getString(2)));
                            }
                            return out;
                        });
                issues.add(new IngestReport.ValueIssue(p.name(), p.type(), count, examples));
            }
            db.execute("ALTER TABLE " + Sql.id(table) + " DROP COLUMN " + bad);
        }
        var fields = finalPlans.stream()
                .map(p -> new Field(p.name(), p.type(), formatLabel(p)))
                .toList();
        var typings = finalPlans.stream()
                .map(p -> new IngestReport.ColumnTyping(p.name(), p.type(), formatLabel(p), p.decidedBy()))
                .toList();
        return new Result(new Schema(fields), (Long) stats.get("rows"), typings, issues, summaries(finalPlans, stats));
    }

    private Map<String, ColumnType> forcedTypes(List<SourcePlan.SourceColumn> columns) {
        var byLower = new HashMap<String, String>();
        columns.forEach(c -> byLower.put(c.name().toLowerCase(Locale.ROOT), c.name()));
        var out = new HashMap<String, ColumnType>();
        for (var e : options.types().entrySet()) {
            String actual = byLower.get(e.getKey().toLowerCase(Locale.ROOT));
            if (actual == null) {
                throw new ColumnNotFoundException(
                        e.getKey(),
                        columns.stream().map(SourcePlan.SourceColumn::name).toList());
            }
            out.put(actual, e.getValue());
        }
        return out;
    }

    /** Whether a source column is read as text and typed by Assay (rather than taken with the source's type). */
    private static boolean typedFromText(SourcePlan.SourceColumn c, Map<String, ColumnType> forced) {
        if (c.isText()) {
            return true;
        }
        ColumnType nativeType = nativeType(c.duckType());
        ColumnType f = forced.get(c.name());
        return f != null && f != nativeType && nativeType != null;
    }

    private Map<String, Sample> sample(
            String relation, List<SourcePlan.SourceColumn> columns, Map<String, ColumnType> forced, boolean wholeFile)
            throws SQLException {
        var text = columns.stream().filter(c -> typedFromText(c, forced)).toList();
        var out = new HashMap<String, Sample>();
        if (text.isEmpty()) {
            return out;
        }
        // DuckDB counts each column's distinct raw values (in order of first appearance) so that Java sees each
        // value once rather than every cell of the sample
        var cast = new StringBuilder("SELECT ");
        var names = new StringBuilder();
        for (int i = 0; i < text.size(); i++) {
            cast.append(i == 0 ? "" : ", ")
                    .append("CAST(")
                    .append(Sql.id(text.get(i).name()))
                    .append(" AS VARCHAR) AS c")
                    .append(i);
            names.append(i == 0 ? "" : ", ").append("c").append(i);
        }
        cast.append(" FROM ").append(relation);
        cast.append(
                wholeFile
                        ? " USING SAMPLE reservoir(" + options.sampleRows() + " ROWS) REPEATABLE (7)"
                        : " LIMIT " + options.sampleRows());
        String sql = "SELECT CAST(substr(k, 2) AS INTEGER) AS i, v, count(*) AS n, min(r) AS first FROM (UNPIVOT"
                + " (SELECT row_number() OVER () AS r, * FROM (" + cast + ")) ON " + names
                + " INTO NAME k VALUE v) GROUP BY k, v ORDER BY i, first";
        var values = new ArrayList<HashMap<String, Integer>>();
        var padded = new boolean[text.size()];
        text.forEach(c -> values.add(new HashMap<>()));
        db.query(sql, rs -> {
            while (rs.next()) {
                int i = rs.getInt(1);
                String raw = rs.getString(2);
                int n = rs.getInt(3);
                String v = raw.strip();
                if (v.length() != raw.length()) {
                    padded[i] = true;
                }
                if (!TypeInference.isMissingToken(v)) {
                    values.get(i).merge(v, n, Integer::sum);
                }
            }
            return null;
        });
        for (int i = 0; i < text.size(); i++) {
            out.put(text.get(i).name(), new Sample(values.get(i), padded[i]));
        }
        return out;
    }

    /** Whether the typed reader took a number an integer or decimal column must not hold (see {@link #create}). */
    private static boolean outOfRange(Map<String, Object> stats) {
        return stats.entrySet().stream().anyMatch(e -> e.getKey().startsWith(OUT_OF_RANGE) && (Long) e.getValue() > 0);
    }

    private static boolean writesDecimalCommas(List<Plan> plans) {
        return plans.stream().anyMatch(p -> p.conversion() == Conversion.DECIMAL_COMMA && !p.forced());
    }

    private List<Plan> decide(
            List<SourcePlan.SourceColumn> columns,
            Map<String, ColumnType> forced,
            Map<String, Sample> samples,
            boolean commaFile)
            throws SQLException {
        // columns are inferred independently: on all cores, while the engine waits
        var decisions = java.util.stream.IntStream.range(0, columns.size())
                .parallel()
                .mapToObj(i -> {
                    var c = columns.get(i);
                    return typedFromText(c, forced)
                            ? TypeInference.infer(samples.get(c.name()).values(), forced.get(c.name()), commaFile)
                            : null;
                })
                .toList();
        var plans = new ArrayList<Plan>();
        for (int i = 0; i < columns.size(); i++) {
            var c = columns.get(i);
            ColumnType f = forced.get(c.name());
            String by = f != null ? "override" : "inferred";
            if (typedFromText(c, forced)) {
                Sample s = samples.get(c.name());
                var d = decisions.get(i);
                var plan = new Plan(
                        i, c.name(), c.duckType(), d.type(), d.conversion(), d.format(), by, f != null, s.padded());
                plans.add(d.verifyFormats().isEmpty() ? plan : verify(plan, d.verifyFormats(), s.values()));
            } else {
                ColumnType t = nativeType(c.duckType());
                if (t == null) {
                    plans.add(new Plan(
                            i,
                            c.name(),
                            c.duckType(),
                            ColumnType.TEXT,
                            Conversion.NESTED_JSON,
                            "json",
                            "source",
                            false,
                            false));
                } else {
                    plans.add(new Plan(
                            i,
                            c.name(),
                            c.duckType(),
                            t,
                            Conversion.NATIVE,
                            "",
                            f != null ? by : "source",
                            f != null,
                            false));
                }
            }
        }
        return plans;
    }

    /** Confirms strptime formats with DuckDB itself, so that inference and conversion can never disagree. */
    private Plan verify(Plan plan, List<String> formats, Map<String, Integer> values) throws SQLException {
        var distinct = new ArrayList<>(values.entrySet());
        distinct.sort((a, b) -> b.getValue() - a.getValue());
        if (distinct.size() > 500) {
            distinct = new ArrayList<>(distinct.subList(0, 500));
        }
        var sql = new StringBuilder("SELECT sum(w)");
        for (String f : formats) {
            sql.append(", coalesce(sum(w) FILTER (WHERE try_strptime(v, ")
                    .append(Sql.str(f))
                    .append(") IS NOT NULL), 0)");
        }
        sql.append(" FROM (SELECT unnest(")
                .append(Sql.strList(distinct.stream().map(Map.Entry::getKey).toList()))
                .append(") AS v, unnest(")
                .append(distinct.stream()
                        .map(e -> e.getValue().toString())
                        .collect(java.util.stream.Collectors.joining(", ", "[", "]")))
                .append(") AS w)");
        long[] counts = db.query(sql.toString(), rs -> {
            rs.next();
            long[] r = new long[formats.size() + 1];
            for (int k = 0; k < r.length; k++) {
                r[k] = rs.getLong(k + 1);
            }
            return r;
        });
        int best = 0;
        for (int k = 1; k < formats.size(); k++) {
            if (counts[k + 1] > counts[best + 1]) {
                best = k;
            }
        }
        boolean fits = counts[best + 1] >= Math.ceil(TypeInference.COVERAGE * counts[0]);
        if (fits || plan.forced()) {
            return plan.with(plan.type(), plan.conversion(), formats.get(best));
        }
        return plan.with(ColumnType.CATEGORICAL, Conversion.STRING, "");
    }

    static ColumnType nativeType(String duckType) {
        String t = duckType.toUpperCase(Locale.ROOT);
        if (t.startsWith("DECIMAL") || t.equals("DOUBLE") || t.equals("FLOAT") || t.equals("REAL")) {
            return ColumnType.DECIMAL;
        }
        if (t.startsWith("TIMESTAMP")) {
            return ColumnType.TIMESTAMP;
        }
        if (t.startsWith("ENUM")) {
            return ColumnType.CATEGORICAL;
        }
        return switch (t) {
            case "TINYINT",
                    "SMALLINT",
                    "INTEGER",
                    "BIGINT",
                    "UTINYINT",
                    "USMALLINT",
                    "UINTEGER",
                    "UBIGINT",
                    "HUGEINT",
                    "UHUGEINT" -> ColumnType.INTEGER;
            case "BOOLEAN" -> ColumnType.BOOLEAN;
            case "DATE" -> ColumnType.DATE;
            case "TIME" -> ColumnType.TIME;
            case "VARCHAR", "UUID", "BLOB", "INTERVAL", "BIT" -> ColumnType.TEXT;
            default -> null; // nested: STRUCT, LIST, MAP, JSON, UNION, ARRAY
        };
    }

    /**
     * Creates the table through the source's typed reader when it offers one; if that reader meets anything it
     * cannot parse (or a ragged row), builds it from text instead. Returns the columns that were read natively.
     */
    private Map<String, String> createFastOrRobust(String table, SourcePlan source, List<Plan> plans)
            throws SQLException {
        if (source.typedRelation() != null) {
            var nativeTypes = new HashMap<String, String>();
            for (Plan p : plans) {
                String type = nativeReaderType(p);
                if (type != null) {
                    nativeTypes.put(p.name(), type);
                }
            }
            if (!nativeTypes.isEmpty()) {
                try {
                    create(table, source.typedRelation().apply(nativeTypes), plans, nativeTypes);
                    return nativeTypes;
                } catch (SQLException e) {
                    progress.update("reading again as text: " + SqlSession.firstLine(e.getMessage()), 0.5);
                    db.execute("DROP TABLE IF EXISTS " + Sql.id(table));
                }
            }
        }
        createRobust(table, source, plans);
        return Map.of();
    }

    /**
     * Builds the table from text. If the reader meets rows it cannot split (wrong number of fields, bad encoding),
     * builds it again skipping those rows into the rejects table. DuckDB keeps rows in file order only when it
     * records rejects on one thread, so that read runs single-threaded: slower, and only ever for a damaged file.
     */
    private void createRobust(String table, SourcePlan source, List<Plan> plans) throws SQLException {
        try {
            create(table, source.relation(), plans, Map.of());
            return;
        } catch (SQLException e) {
            if (source.rejectsRelation() == null) {
                throw e;
            }
            db.execute("DROP TABLE IF EXISTS " + Sql.id(table));
        }
        clearRejects(source);
        long threads = db.queryLong("SELECT current_setting('threads')");
        db.execute("SET threads = 1");
        try {
            create(table, source.rejectsRelation(), plans, Map.of());
        } finally {
            db.execute("SET threads = " + threads);
        }
    }

    /** Forgets rows a previous read rejected, so that the report counts those of the read that is kept. */
    private void clearRejects(SourcePlan source) throws SQLException {
        if (source.rejectsTable() != null
                && db.queryLong("SELECT count(*) FROM duckdb_tables() WHERE table_name = "
                                + Sql.str(source.rejectsTable()))
                        > 0) {
            db.execute("DELETE FROM " + Sql.id(source.rejectsTable()));
        }
    }

    /** The type a CSV reader can parse a column as with exactly the meaning Assay's conversion gives it, or null. */
    private static String nativeReaderType(Plan p) {
        if (p.forced() || !p.convertsText() || p.trim()) {
            return null;
        }
        return switch (p.conversion()) {
            case NUMBER -> p.format().isEmpty() ? "DOUBLE" : null;
            case DATE_FORMAT -> p.format().equals("%Y-%m-%d") ? "DATE" : null;
            case TIMESTAMP_ISO -> "TIMESTAMP";
            case TIME_ISO -> "TIME";
            default -> null;
        };
    }

    private static boolean hasBadColumn(Plan p, Map<String, String> nativeTypes) {
        return (p.convertsText() && p.conversion() != Conversion.STRING && !nativeTypes.containsKey(p.name()))
                || nativeDecimal(p);
    }

    /** A decimal column the source typed itself (JSON, Parquet): its infinities are misfits, NaN is missing. */
    private static boolean nativeDecimal(Plan p) {
        return p.conversion() == Conversion.NATIVE && p.type() == ColumnType.DECIMAL;
    }

    private void create(String table, String relation, List<Plan> plans, Map<String, String> nativeTypes)
            throws SQLException {
        var inner = new StringBuilder();
        var outer = new StringBuilder();
        for (Plan p : plans) {
            String col = Sql.id(p.name());
            String raw = Sql.id(RAW + p.index());
            if (!inner.isEmpty()) {
                inner.append(", ");
                outer.append(", ");
            }
            if (nativeDecimal(p)) {
                inner.append(nativeCast(col, p)).append(" AS ").append(raw);
                outer.append("CASE WHEN isfinite(")
                        .append(raw)
                        .append(") THEN ")
                        .append(raw)
                        .append(" END AS ")
                        .append(col)
                        .append(", CASE WHEN isinf(")
                        .append(raw)
                        .append(") THEN CAST(")
                        .append(raw)
                        .append(" AS VARCHAR) END AS ")
                        .append(Sql.id(BAD + p.index()));
            } else if (!p.convertsText()) {
                inner.append(nativeCast(col, p)).append(" AS ").append(col);
                outer.append(col);
            } else if (nativeTypes.containsKey(p.name())) {
                inner.append(col);
                outer.append(col);
            } else if (p.conversion() == Conversion.STRING) {
                inner.append(Conversion.STRING.sql(p.text(col), ""))
                        .append(" AS ")
                        .append(col);
                outer.append(col);
            } else {
                String converted = p.conversion().sql(raw, p.format());
                if (p.forced() && p.type() == ColumnType.INTEGER) {
                    converted = "CASE WHEN (" + converted + ") = trunc(" + converted + ") THEN " + converted + " END";
                }
                if (p.type().isNumeric()) {
                    // NaN compares above every number, so it fails this test too
                    converted = "CASE WHEN abs(" + converted + ") <= " + largest(p) + " THEN " + converted + " END";
                }
                inner.append(p.text(col)).append(" AS ").append(raw);
                outer.append(converted).append(" AS ").append(col);
                // a value that did not fit: kept aside (NULL for all others) to be counted and quoted, then dropped
                outer.append(", CASE WHEN ")
                        .append(converted)
                        .append(" IS NULL AND NOT ")
                        .append(Conversion.missing(raw))
                        .append(" THEN ")
                        .append(raw)
                        .append(" END AS ")
                        .append(Sql.id(BAD + p.index()));
            }
        }
        db.execute("CREATE TABLE " + Sql.id(table) + " AS SELECT " + outer + " FROM (SELECT " + inner + " FROM "
                + relation + ")");
    }

    private static String largest(Plan p) {
        return p.type() == ColumnType.INTEGER ? LARGEST_INTEGER : LARGEST_DECIMAL;
    }

    private static String nativeCast(String col, Plan p) {
        if (p.conversion() == Conversion.NESTED_JSON) {
            return "CAST(to_json(" + col + ") AS VARCHAR)";
        }
        return switch (p.type()) {
            case INTEGER -> "try_cast(" + col + " AS BIGINT)";
            case DECIMAL -> "CAST(" + col + " AS DOUBLE)";
            case BOOLEAN -> "CAST(" + col + " AS BOOLEAN)";
            case DATE -> "CAST(" + col + " AS DATE)";
            case TIMESTAMP -> "CAST(" + col + " AS TIMESTAMP)";
            case TIME -> "CAST(" + col + " AS TIME)";
            case CATEGORICAL, TEXT -> "CAST(" + col + " AS VARCHAR)";
        };
    }

    /**
     * One pass for what typing still needs (misfits, fractions in integer columns, string variety) and the summary
     * statistics every column gets ({@link ColumnStats}): counts under {@code n<i>}, {@code distinct<i>},
     * {@code bad<i>}, {@code frac<i>}, {@code len<i>}; moments and ranges under {@code m<i>}.
     */
    private Map<String, Object> stats(String table, List<Plan> plans, Map<String, String> nativeTypes)
            throws SQLException {
        var select = new StringBuilder("SELECT count(*)");
        var keys = new ArrayList<String>();
        keys.add("rows");
        for (Plan p : plans) {
            String col = Sql.id(p.name());
            select.append(", count(")
                    .append(col)
                    .append("), approx_count_distinct(")
                    .append(col)
                    .append(")");
            keys.add("n" + p.index());
            keys.add("distinct" + p.index());
            if (hasBadColumn(p, nativeTypes)) {
                select.append(", count(").append(Sql.id(BAD + p.index())).append(")");
                keys.add(BAD + p.index());
            }
            if (nativeTypes.containsKey(p.name()) && p.type().isNumeric()) {
                select.append(", count(*) FILTER (WHERE NOT abs(")
                        .append(col)
                        .append(") <= ")
                        .append(largest(p))
                        .append(")");
                keys.add(OUT_OF_RANGE + p.index());
            }
            if (p.type() == ColumnType.INTEGER && !p.forced() && p.convertsText()) {
                select.append(", count(*) FILTER (WHERE ")
                        .append(col)
                        .append(" <> trunc(")
                        .append(col)
                        .append("))");
                keys.add("frac" + p.index());
            }
            if (p.conversion() == Conversion.STRING && !p.forced()) {
                select.append(", CAST(coalesce(avg(length(").append(col).append(")), 0) * 1000 AS BIGINT)");
                keys.add("len" + p.index());
            }
            if (p.type().isNumeric()) {
                select.append(", [min(")
                        .append(col)
                        .append(")::DOUBLE, max(")
                        .append(col)
                        .append(")::DOUBLE, avg(")
                        .append(col)
                        .append(")::DOUBLE, stddev_samp(")
                        .append(col)
                        .append(")::DOUBLE, sum(")
                        .append(col)
                        .append(")::DOUBLE, count(*) FILTER (WHERE ")
                        .append(col)
                        .append(" = 0), count(*) FILTER (WHERE ")
                        .append(col)
                        .append(" < 0)]");
                keys.add("m" + p.index());
            } else if (p.type().isTemporal()) {
                select.append(", [CAST(min(")
                        .append(col)
                        .append(") AS VARCHAR), CAST(max(")
                        .append(col)
                        .append(") AS VARCHAR)]");
                keys.add("m" + p.index());
            }
        }
        select.append(" FROM ").append(Sql.id(table));
        return db.query(select.toString(), rs -> {
            rs.next();
            var out = new HashMap<String, Object>();
            for (int i = 0; i < keys.size(); i++) {
                String key = keys.get(i);
                if (key.startsWith("m")) {
                    var array = rs.getArray(i + 1);
                    out.put(key, array == null ? new Object[0] : (Object[]) array.getArray());
                } else {
                    out.put(key, rs.getLong(i + 1));
                }
            }
            return out;
        });
    }

    /** {@link ColumnStats} of the final columns, from the values {@link #stats} gathered. */
    private static Map<String, ColumnStats> summaries(List<Plan> plans, Map<String, Object> stats) {
        var out = new java.util.LinkedHashMap<String, ColumnStats>();
        for (Plan p : plans) {
            long n = (Long) stats.get("n" + p.index());
            long d = (Long) stats.get("distinct" + p.index());
            Object[] m = (Object[]) stats.get("m" + p.index());
            if (p.type().isNumeric() && m != null) {
                out.put(
                        p.name(),
                        new ColumnStats(
                                n,
                                d,
                                num(m[0]),
                                num(m[1]),
                                num(m[2]),
                                num(m[3]),
                                num(m[4]),
                                ((Number) m[5]).longValue(),
                                ((Number) m[6]).longValue(),
                                null,
                                null));
            } else if (p.type().isTemporal() && m != null) {
                out.put(
                        p.name(),
                        new ColumnStats(
                                n,
                                d,
                                Double.NaN,
                                Double.NaN,
                                Double.NaN,
                                Double.NaN,
                                Double.NaN,
                                0,
                                0,
                                (String) m[0],
                                (String) m[1]));
            } else {
                out.put(
                        p.name(),
                        new ColumnStats(
                                n, d, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, null, null));
            }
        }
        return out;
    }

    private static double num(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }

    private static String formatLabel(Plan p) {
        return switch (p.conversion()) {
            case CURRENCY -> "currency";
            case PERCENT -> "percent (stored as a fraction)";
            case DECIMAL_COMMA -> "decimal comma";
            case TIMESTAMP_ISO -> "ISO 8601";
            case NESTED_JSON -> "json";
            case TIME_ISO, STRING, NATIVE -> "";
            case NUMBER, DATE_FORMAT, TIMESTAMP_FORMAT, TIME_FORMAT, BOOLEAN -> p.format();
        };
    }
}
